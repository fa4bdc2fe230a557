import Foundation

extension ByteScanner {
    func secrets() -> [SensitiveMatch] {
        privateKeys() + keyValueSecrets() + tokens()
    }

    /// `-----BEGIN … PRIVATE KEY-----` through its `-----END … PRIVATE KEY-----` (or the end of the base64 block).
    func privateKeys() -> [SensitiveMatch] {
        let begin = Array("-----BEGIN ".utf8), end = Array("-----END ".utf8), marker = Array("PRIVATE KEY-----".utf8)
        var found: [SensitiveMatch] = []
        var index = 0
        // The next `-----END ` at or after a position, searched again only when passed: positions only grow, so
        // many BEGIN lines without an END stay linear.
        var nextEnd: Int? = find(end, from: 0)
        while let start = find(begin, from: index) {
            let window = min(bytes.count, start + 96)
            let lineEnd = bytes[start..<window].firstIndex(of: 0x0A) ?? window
            guard let labelEnd = find(marker, from: start, limit: lineEnd) else { index = start + begin.count; continue }
            var stop = labelEnd + marker.count
            if let candidate = nextEnd, candidate < stop { nextEnd = find(end, from: stop) }
            if let closing = nextEnd {
                let closingWindow = min(bytes.count, closing + 96)
                let closingLine = bytes[closing..<closingWindow].firstIndex(of: 0x0A) ?? closingWindow
                stop = find(marker, from: closing, limit: closingLine).map { $0 + marker.count } ?? closingLine
            } else {
                while stop < bytes.count, Self.isAlnum(bytes[stop]) || [0x2B, 0x2F, 0x3D, 0x0A, 0x0D, 0x20].contains(bytes[stop]) {
                    stop += 1
                }
            }
            found.append(SensitiveMatch(kind: .privateKey, range: start..<stop))
            index = stop
        }
        return found
    }

    /// Values after `AccountKey=`, `SharedAccessKey=` and `SharedAccessSignature=` (connection strings), and
    /// `sig=` in a query that also carries `sv=` or `se=` (SAS tokens).
    ///
    /// A value ends where a literal key cannot go on: at a separator or quote, and at the brackets, braces and `$`
    /// that open a reference (`${storage.listKeys().keys[0].value}` in Bicep, `{0}` in ARM's `format()`, `$(KEY)`,
    /// `[parameters('key')]`). Keys, signatures and SAS values are base64 or URL-encoded text, which never holds
    /// these characters, so a reference is not reported as a secret, while a literal value is, up to its end.
    func keyValueSecrets() -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        for (name, kind) in [
            ("accountkey=", SensitiveDataKind.connectionString), ("sharedaccesskey=", .connectionString),
            ("sharedaccesssignature=", .connectionString), ("sig=", .sasToken),
        ] {
            let needle = Array(name.utf8)
            var index = 0
            while let position = find(needle, from: index, caseInsensitive: true) {
                let valueStart = position + needle.count
                var valueEnd = valueStart
                while valueEnd < bytes.count, !Self.endsKeyValue(bytes[valueEnd]) { valueEnd += 1 }
                index = max(valueEnd, position + 1)
                guard valueEnd - valueStart >= 16, position == 0 || !Self.isAlnum(bytes[position - 1]) else { continue }
                if kind == .sasToken {
                    let query = context(before: position, width: 256)
                    guard query.contains("sv=") || query.contains("se=") || query.contains("sp=") else { continue }
                }
                found.append(SensitiveMatch(kind: kind, range: valueStart..<valueEnd))
            }
        }
        return found
    }

    /// `;`, `&`, quotes, whitespace, `<` and `` ` `` end a `name=value` pair; `$`, `(`, `)`, `[`, `]`, `{` and `}` start
    /// or close a reference, which no literal key contains.
    static func endsKeyValue(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3B, 0x26, 0x22, 0x27, 0x20, 0x0A, 0x0D, 0x09, 0x3C, 0x60: true
        case 0x24, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D: true
        default: false
        }
    }

    /// Tokens (maximal runs of base64/base64url characters, `-`, `~` and `.`) judged by their formats.
    func tokens() -> [SensitiveMatch] {
        func isTokenByte(_ byte: UInt8) -> Bool {
            Self.isAlnum(byte) || byte == 0x2B || byte == 0x2F || byte == 0x3D || byte == 0x5F || byte == 0x2D || byte == 0x7E
                || byte == 0x2E
        }
        var found: [SensitiveMatch] = []
        var index = 0
        while index < bytes.count {
            guard isTokenByte(bytes[index]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isTokenByte(bytes[end]) {
                // `=` belongs to a token only as trailing padding; `NAME=value` is two tokens.
                if bytes[end] == 0x3D {
                    var padding = end
                    while padding < bytes.count, bytes[padding] == 0x3D { padding += 1 }
                    if padding < bytes.count, isTokenByte(bytes[padding]) { break }
                    end = padding
                    break
                }
                end += 1
            }
            var start = index
            // Trailing sentence punctuation is not part of a token.
            while end > start, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            while start < end, bytes[start] == 0x2E { start += 1 }
            if end - start >= 20, let kind = judgeToken(start..<end) {
                found.append(SensitiveMatch(kind: kind, range: start..<end))
            }
            index = max(end, index + 1)
        }
        return found
    }

    private func judgeToken(_ range: Range<Int>) -> SensitiveDataKind? {
        let token = bytes[range]
        let count = token.count
        if token.starts(with: Array("eyJ".utf8)), token.filter({ $0 == 0x2E }).count == 2, isJWT(token) { return .jwt }
        if count == 20, let prefix = String(bytes: token.prefix(4), encoding: .ascii),
            ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"].contains(prefix),
            token.dropFirst(4).allSatisfy({ Self.isUpper($0) || (0x32...0x37).contains($0) })
        {
            return .awsAccessKey
        }
        if count == 40, token.allSatisfy({ Self.isAlnum($0) || $0 == 0x2B || $0 == 0x2F }),
            context(before: range.lowerBound, width: 64).contains(anyOf: [
                "aws_secret", "secret_access_key", "secretaccesskey", "aws secret",
            ])
        {
            return .awsSecretKey
        }
        if count == 40, token.starts(with: Array("gh".utf8)), [0x70, 0x6F, 0x75, 0x73, 0x72].contains(token[range.lowerBound + 2]),
            token[range.lowerBound + 3] == 0x5F, token.dropFirst(4).allSatisfy(Self.isAlnum)
        {
            return .githubToken
        }
        if count == 93, token.starts(with: Array("github_pat_".utf8)), token.dropFirst(11).allSatisfy({ Self.isAlnum($0) || $0 == 0x5F }) {
            return .githubToken
        }
        if token.starts(with: Array("sk-".utf8)), count >= 40,
            token.dropFirst(3).allSatisfy({ Self.isAlnum($0) || $0 == 0x5F || $0 == 0x2D }),
            contains(Array("T3BlbkFJ".utf8), in: token) || (count == 51 && token.dropFirst(3).allSatisfy(Self.isAlnum))
        {
            return .openAIKey
        }
        if count == 40, Self.isDigit(token[range.lowerBound + 3]), token[range.lowerBound + 4] == 0x51, token[range.lowerBound + 5] == 0x7E,
            token.allSatisfy({ Self.isAlnum($0) || [0x5F, 0x7E, 0x2E, 0x2D].contains($0) })
        {
            return .entraClientSecret
        }
        if count == 88, token.hasSuffix([0x3D, 0x3D]), token.dropLast(2).allSatisfy({ Self.isAlnum($0) || $0 == 0x2B || $0 == 0x2F }) {
            return .storageAccountKey
        }
        if count == 84, token.allSatisfy(Self.isAlnum), contains(Array("ACOG".utf8), in: token) { return .azureAIKey }
        if count == 32, token.allSatisfy({ Self.isDigit($0) || (0x61...0x66).contains($0) }) {
            let before = context(before: range.lowerBound, width: 64)
            // A key's context names a key or the service; a digest's names what it is (a fingerprint in a baseline or a
            // SARIF log, a hash, a checksum), even beside a path that says "azure".
            if before.contains(anyOf: [
                "api-key", "api_key", "apikey", "openai", "azure", "subscription-key", "cognitive", "key:", "key=", "key\"",
            ]), !before.contains(anyOf: ["fingerprint", "hash", "digest", "checksum", "etag", "md5", "sha1", "sha256"]) {
                return .azureAIKey
            }
        }
        return nil
    }

    /// Three base64url parts whose first decodes to a JSON object naming an `alg`.
    private func isJWT(_ token: ArraySlice<UInt8>) -> Bool {
        let parts = token.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 10, parts[1].count >= 4 else { return false }
        guard let decoded = Base64URL.decode(parts[0]), let text = String(data: decoded, encoding: .utf8) else { return false }
        return text.hasPrefix("{") && text.contains("\"alg\"")
    }

    // MARK: Searching

    func find(_ needle: [UInt8], from start: Int, limit: Int? = nil, caseInsensitive: Bool = false) -> Int? {
        let end = min(limit ?? bytes.count, bytes.count)
        guard !needle.isEmpty, start <= end - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= end - needle.count {
            let byte = caseInsensitive && Self.isUpper(bytes[index]) ? bytes[index] + 32 : bytes[index]
            if byte == first {
                var matched = true
                for offset in 1..<needle.count {
                    let candidate =
                        caseInsensitive && Self.isUpper(bytes[index + offset]) ? bytes[index + offset] + 32 : bytes[index + offset]
                    if candidate != needle[offset] { matched = false; break }
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (haystack.startIndex...(haystack.endIndex - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}

extension ArraySlice where Element == UInt8 {
    func hasSuffix(_ suffix: [UInt8]) -> Bool { count >= suffix.count && suffix.elementsEqual(self.suffix(suffix.count)) }
}
