/// The kinds of personal data and secrets the guards recognise. The raw value is the name used in reports,
/// placeholders (`[EMAIL_1]`) and configuration.
public enum SensitiveDataKind: String, Sendable, Hashable, CaseIterable, Codable {
    // Personal data
    case email
    case phone
    case creditCard = "credit_card"
    case iban
    case usSSN = "us_ssn"
    case ukNINO = "uk_nino"
    case nhsNumber = "nhs_number"
    case ipAddress = "ip_address"
    case macAddress = "mac_address"
    case cryptoAddress = "crypto_address"
    // Secrets
    case azureAIKey = "azure_ai_key"
    case storageAccountKey = "storage_account_key"
    case connectionString = "connection_string"
    case sasToken = "sas_token"
    case entraClientSecret = "entra_client_secret"
    case privateKey = "private_key"
    case jwt
    case awsAccessKey = "aws_access_key"
    case awsSecretKey = "aws_secret_key"
    case githubToken = "github_token"
    case openAIKey = "openai_key"

    public var isSecret: Bool {
        switch self {
        case .email, .phone, .creditCard, .iban, .usSSN, .ukNINO, .nhsNumber, .ipAddress, .macAddress, .cryptoAddress: false
        default: true
        }
    }

    /// Kinds recognised by the text around the value (`AccountKey=`, `sig=`) rather than by the value alone.
    var namesItsContext: Bool { self == .connectionString || self == .sasToken || self == .awsSecretKey }

    /// `EMAIL`, `CREDIT_CARD`: the word in placeholders.
    public var placeholderName: String { rawValue.uppercased() }
}

/// One detected value: its kind and where it is, as UTF-8 byte offsets into the scanned text.
public struct SensitiveMatch: Sendable, Hashable {
    public var kind: SensitiveDataKind
    public var range: Range<Int>

    public init(kind: SensitiveDataKind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// Finds personal data and secrets in text. Every detector is a single left-to-right pass over the UTF-8 bytes
/// (all the formats are ASCII), with validation beyond the pattern wherever the format has one: Luhn and issuer
/// ranges for cards, mod-97 for IBANs, mod-11 for NHS numbers, area/group/serial rules for SSNs, base58check,
/// bech32 and EIP-55 for crypto addresses, JSON headers for JWTs. Overlaps resolve to secrets first, then to the
/// longer match.
public struct SensitiveDataDetector: Sendable {
    public var kinds: Set<SensitiveDataKind>

    public init(kinds: Set<SensitiveDataKind> = Set(SensitiveDataKind.allCases)) {
        self.kinds = kinds
    }

    public func matches(in text: String) -> [SensitiveMatch] {
        matches(inUTF8: Array(text.utf8))
    }

    public func matches(inUTF8 bytes: [UInt8]) -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        let scanner = ByteScanner(bytes: bytes)
        found += scanner.secrets().filter { kinds.contains($0.kind) }
        found += scanner.personalData().filter { kinds.contains($0.kind) }
        return Self.resolveOverlaps(found)
    }

    /// Secrets before personal data, then longer before shorter; a match that overlaps a kept one is dropped.
    static func resolveOverlaps(_ matches: [SensitiveMatch]) -> [SensitiveMatch] {
        let ordered = matches.sorted { a, b in
            if a.kind.isSecret != b.kind.isSecret { return a.kind.isSecret }
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            // The same span: the kind that names where the value came from (a connection string) wins.
            return a.kind.namesItsContext && !b.kind.namesItsContext
        }
        var kept: [SensitiveMatch] = []
        for match in ordered where !kept.contains(where: { $0.range.overlaps(match.range) }) {
            kept.append(match)
        }
        return kept.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

extension Array where Element == UInt8 {
    /// Unicode scalar offsets for UTF-8 byte offsets (what Python's string indices count), for reports.
    public func scalarOffsets(_ byteOffsets: [Int]) -> [Int] {
        let sorted = byteOffsets.enumerated().sorted { $0.element < $1.element }
        var result = [Int](repeating: 0, count: byteOffsets.count)
        var scalars = 0
        var position = 0
        for (index, target) in sorted {
            while position < target, position < count {
                if self[position] & 0xC0 != 0x80 { scalars += 1 }
                position += 1
            }
            result[index] = scalars
        }
        return result
    }
}

extension Array where Element == UInt8 {
    /// The first offset at or after `start` where `needle` occurs byte for byte, or nil.
    public func firstOffset(of needle: [UInt8], from start: Int = 0) -> Int? {
        ByteScanner(bytes: self).find(needle, from: start)
    }
}
