import Foundation
@testable import SensitiveData
import Testing

@Suite("Personal data and secret detection")
struct SensitiveDataTests {
    static func kinds(_ text: String) -> [SensitiveDataKind] {
        SensitiveDataDetector().matches(in: text).map(\.kind)
    }

    static func found(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return SensitiveDataDetector().matches(in: text).map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    @Test(
        "valid identifiers are found, with exactly their extent",
        arguments: [
            ("mail jane.doe+ai@contoso.co.uk today", SensitiveDataKind.email, "jane.doe+ai@contoso.co.uk"),
            ("card 4111 1111 1111 1111.", .creditCard, "4111 1111 1111 1111"),
            ("amex 378282246310005", .creditCard, "378282246310005"),
            ("mc 5555-5555-5555-4444", .creditCard, "5555-5555-5555-4444"),
            ("iban GB82 WEST 1234 5698 7654 32 ok", .iban, "GB82 WEST 1234 5698 7654 32"),
            ("DE89370400440532013000", .iban, "DE89370400440532013000"),
            ("ssn 123-45-6789", .usSSN, "123-45-6789"),
            ("my SSN is 123456789", .usSSN, "123456789"),
            ("NI AB 12 34 56 C", .ukNINO, "AB 12 34 56 C"),
            ("nhs 943 476 5919", .nhsNumber, "943 476 5919"),
            ("call +1 425 555 0100", .phone, "+1 425 555 0100"),
            ("call (425) 555-0100", .phone, "(425) 555-0100"),
            ("ring +44 20 7946 0958", .phone, "+44 20 7946 0958"),
            ("ring 020 7946 0958", .phone, "020 7946 0958"),
            ("appelez le 01 23 45 67 89", .phone, "01 23 45 67 89"),
            ("host 192.168.1.20 down", .ipAddress, "192.168.1.20"),
            ("v6 2001:db8::ff00:42:8329", .ipAddress, "2001:db8::ff00:42:8329"),
            ("nic 00:1A:2B:3C:4D:5E", .macAddress, "00:1A:2B:3C:4D:5E"),
            ("btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", .cryptoAddress, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
            ("p2sh 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", .cryptoAddress, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            ("segwit bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", .cryptoAddress, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            ("eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", .cryptoAddress, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ])
    func personalData(text: String, kind: SensitiveDataKind, value: String) {
        let matches = SensitiveDataDetector().matches(in: text)
        let bytes = Array(text.utf8)
        #expect(matches.map(\.kind) == [kind], "\(text)")
        #expect(matches.first.map { String(decoding: bytes[$0.range], as: UTF8.self) } == value)
    }

    @Test(
        "look-alikes that fail their checksum or rules are not reported",
        arguments: [
            "card 4111 1111 1111 1112", "iban GB82 WEST 1234 5698 7654 33", "ssn 000-12-3456", "ssn 666-12-3456", "ssn 912-12-3456",
            "NI QQ 12 34 56 C", "nhs 9434765918", "ip 999.1.1.1", "at 12:30:45 today", "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
            "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "segwit bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr", "order 1234567890",
            "version 1.2.3.4.5", "call 555-0100", "a@b", "user@localhost", "total 4111111111111111111111",
        ])
    func lookAlikes(text: String) {
        #expect(Self.kinds(text).isEmpty, "\(text): \(Self.found(text))")
    }

    static let storageKey = String(repeating: "A1b2C3d4", count: 10) + "abcdef=="  // 88 characters
    static let secretCases: [(String, SensitiveDataKind, String)] = [
        ("aws AKIAIOSFODNN7EXAMPLE", .awsAccessKey, "AKIAIOSFODNN7EXAMPLE"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", .awsSecretKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("token ghp_" + String(repeating: "a1B2", count: 9), .githubToken, "ghp_" + String(repeating: "a1B2", count: 9)),
        (
            "OPENAI_API_KEY=sk-proj-abcdefghij0123456789T3BlbkFJabcdefghij0123456789", .openAIKey,
            "sk-proj-abcdefghij0123456789T3BlbkFJabcdefghij0123456789"
        ),
        ("secret Ab98Q~" + String(repeating: "x", count: 34), .entraClientSecret, "Ab98Q~" + String(repeating: "x", count: 34)),
        ("api-key: 0123456789abcdef0123456789abcdef", .azureAIKey, "0123456789abcdef0123456789abcdef"),
        ("AccountName=st;AccountKey=\(storageKey);EndpointSuffix=core.windows.net", .connectionString, storageKey),
        (
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abcdefghijklmnop0123456789ABCDEFGHIJ=",
            .connectionString, "abcdefghijklmnop0123456789ABCDEFGHIJ="
        ),
        (
            "https://st.blob.core.windows.net/c?sv=2022-11-02&sp=r&se=2026-12-01T00:00:00Z&sig=abcdEFGH1234ijklMNOP5678%2Bqrst%3D",
            .sasToken, "abcdEFGH1234ijklMNOP5678%2Bqrst%3D"
        ),
        ("key \(storageKey) here", .storageAccountKey, storageKey),
        (
            "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U.", .jwt,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nafter", .privateKey,
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
        ),
    ]

    @Test("secrets are found in their formats and contexts")
    func secrets() {
        for (text, kind, value) in Self.secretCases {
            let bytes = Array(text.utf8)
            let matches = SensitiveDataDetector().matches(in: text)
            #expect(matches.map(\.kind) == [kind], "\(text)")
            #expect(matches.first.map { String(decoding: bytes[$0.range], as: UTF8.self) } == value, "\(text)")
        }
        #expect(Self.kinds("hash 0123456789abcdef0123456789abcdef").isEmpty, "32 hex digits without a key's context are a hash, not a key")
        // A baseline's and a SARIF log's fingerprints, beside a path or type that names the service.
        let baselineLines = #"""
            {"fingerprint": "4f0c9a1b2c3d4e5f60718293a4b5c6d7", "ruleId": "BW-AI-001", "file": "infra/azure-openai.json"},
                {"fingerprint": "0123456789abcdef0123456789abcdef", "ruleId": "BW-AI-002"}
            """#
        #expect(Self.kinds(baselineLines).isEmpty, "\(Self.found(baselineLines))")
        let sarif =
            "\"uri\" : \"azure-openai.json\" }, \"partialFingerprints\" : { \"bulwarkFinding/v1\" : \"0123456789abcdef0123456789abcdef\""
        #expect(Self.kinds(sarif).isEmpty, "\(Self.found(sarif))")
        #expect(Self.kinds("azure openai key: 0123456789abcdef0123456789abcdef") == [.azureAIKey])
        #expect(Self.kinds("the word eyJhbGciOiJIUzI1NiJ9 alone").isEmpty)
    }

    @Test(
        "a connection string that takes its key from a reference (Bicep interpolation, ARM format or concat, $(VAR)) is not a secret",
        arguments: [
            "value: 'DefaultEndpointsProtocol=https;AccountName=${storageAccount.name};AccountKey=${storageAccount.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'",
            "'rdb-storage-connection-string': 'DefaultEndpointsProtocol=https;AccountName=${storageAccount.name};AccountKey=${cacheAccountKey}'",
            "AccountKey=${listKeys(resourceId('Microsoft.Storage/storageAccounts', storageName), '2023-05-01').keys[0].value}",
            #""value": "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('name'), listKeys(variables('id'), '2023-05-01').keys[0].value)]""#,
            #""value": "[concat('DefaultEndpointsProtocol=https;AccountKey=', listKeys(variables('storageId'), '2023-05-01').keys[0].value)]""#,
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=$(SERVICE_BUS_SHARED_ACCESS_KEY)",
            "SharedAccessSignature=[parameters('sasTokenForTheQueue')]",
            "https://st.blob.core.windows.net/c?sv=2022-11-02&se=2026-01-01&sig={{sasSignatureFromThePipeline}}",
        ])
    func referencesAreNotSecrets(text: String) {
        #expect(Self.kinds(text).isEmpty, "\(text): \(Self.found(text))")
    }

    @Test("a literal key is still found beside references and inside an expression's string literal")
    func literalKeysInsideExpressions() {
        let key = Self.storageKey
        // A literal key in a Bicep string with interpolated names around it.
        #expect(Self.found("'AccountName=${name};AccountKey=\(key);EndpointSuffix=${suffix}'") == [key])
        // A literal key in one string literal of an ARM expression: the whole `AccountKey=...` pair is in one literal.
        #expect(Self.found("[concat('DefaultEndpointsProtocol=https;AccountKey=\(key);', variables('suffix'))]") == [key])
        // The key and its name split over two literals: the name no longer marks it, but a storage key's own shape does.
        #expect(Self.kinds("[concat('AccountKey=', '\(key)')]") == [.storageAccountKey])
        // A literal value followed by a reference still ends where the literal ends.
        #expect(Self.found("SharedAccessKey=abcdefghijklmnop0123456789ABCDEFGHIJ=${suffix}") == ["abcdefghijklmnop0123456789ABCDEFGHIJ="])
        // A flow mapping closes with `}` right after the key.
        #expect(Self.found("{ connection: AccountKey=\(key)}") == [key])
    }

    @Test("Keccak-256 and EIP-55 match their published vectors")
    func keccak() {
        #expect(
            Keccak256.hash([]).map { String(format: "%02x", $0) }.joined()
                == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        for address in [
            "52908400098527886E0F7030069857D2E4169EE7", "8617E340B3D01FA5F11F306F4090FD50E238070D",
            "de709f2102306220921060314715629080e2fb77",
            "27b1fdb04752bbc536007a920d24acb045561c26", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        ] {
            #expect(Checksums.eip55(ArraySlice(address.utf8)), "\(address)")
        }
    }

    @Test("offsets are reported in Unicode scalars, as Python counts them")
    func scalarOffsets() {
        let text = "héllo → jane@contoso.com"
        let bytes = Array(text.utf8)
        let match = SensitiveDataDetector().matches(in: text)[0]
        #expect(bytes.scalarOffsets([match.range.lowerBound, match.range.upperBound]) == [8, 24])
    }

    @Test("hostile input: empty, invalid UTF-8, only marks, 1 MB of near-misses, nested '@' and digits, all finish")
    func hostile() {
        #expect(SensitiveDataDetector().matches(inUTF8: []).isEmpty)
        #expect(SensitiveDataDetector().matches(inUTF8: [0xFF, 0xFE, 0xC3, 0x28, 0x40, 0x40]).isEmpty)
        #expect(Self.kinds(String(repeating: "\u{0301}\u{200B}", count: 10_000)).isEmpty)
        let megabyte =
            String(repeating: "a@b.c 4111 1111 1111 111 ", count: 40_000) + String(repeating: "@", count: 100_000)
            + String(repeating: "1 ", count: 100_000)
        #expect(SensitiveDataDetector().matches(in: megabyte).allSatisfy { $0.kind == .email })
        #expect(Self.kinds(String(repeating: "-----BEGIN ", count: 50_000)).isEmpty)
    }
}
