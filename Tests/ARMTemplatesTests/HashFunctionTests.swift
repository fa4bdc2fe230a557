@testable import ARMTemplates
import PostureModel
import Testing

/// Every expected hash below was published by someone who ran Azure's own code or a deployment; the source is
/// cited next to each value. None was computed by this implementation.
@Suite("ARM hash functions: uniqueString and guid")
struct HashFunctionTests {
    /// Calls a hash function directly: the evaluator treats `uniqueString` and `guid` as deployment-time.
    static func call(_ name: String, _ arguments: [String]) throws -> Value {
        let function = try #require(HashFunctions.all[name.lowercased()])
        return try function(Arguments(function: name, values: arguments.map { .string($0) }))
    }

    struct Published: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var expected: String
        var testDescription: String { "(\(arguments.joined(separator: ", "))) → \(expected)" }
    }

    static let uniqueStrings: [Published] = [
        // Azure/bicep src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json (Bicep evaluates
        // the .bicepparam with Microsoft's ARM expression engine): uniqueString('asd', 'asdf', 'asdf')
        Published(arguments: ["asd", "asdf", "asdf"], expected: "iizpqit7ih3cc"),
        // KingslandConsulting/Kingsland.ArmLinter src/Kingsland.ArmLinter/Functions/ArmFunctions_UniqueString.cs,
        // "example output" recorded by deploying a template to Azure.
        Published(arguments: ["aaa"], expected: "zavj67f3en4hc"),
        Published(arguments: ["bbb"], expected: "w5eragfxe33cy"),
        Published(arguments: ["zzz"], expected: "cryksdzzzawae"),
        Published(arguments: ["xxx", "yyy", "zzz"], expected: "lghi7k5js7itq"),
        // Azure/terraform-provider-azapi internal/services/functions/unique_string_function_test.go (63 bytes: an
        // eight-byte block loop plus a seven-byte tail).
        Published(arguments: ["/subscriptions/00000000-0000-0000-0000-000000000000", "resource-id"], expected: "cwvxuqg24sifi"),
        // philsphicas/aztunnel e2e/infra/uniquestring.sh self-test, "verified against Bicep uniqueString() output".
        Published(arguments: ["test"], expected: "rbgf3xv4ufgzg"),
        Published(arguments: ["hello", "world"], expected: "a7wkljktk6wne"),
        Published(arguments: ["abc"], expected: "cgtzqvhu4i23s"),
        Published(arguments: ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg"], expected: "bmg7c6xu4tw46"),
        Published(arguments: ["foo", "bar", "baz"], expected: "xzi4ioaxtmth4"),
    ]

    @Test("uniqueString matches values Azure produced", arguments: uniqueStrings)
    func uniqueStringMatchesAzure(_ case: Published) throws {
        #expect(try Self.call("uniqueString", `case`.arguments).stringValue == `case`.expected)
    }

    @Test("uniqueString joins its arguments with '-' before hashing")
    func uniqueStringJoinsWithHyphen() throws {
        #expect(try Self.call("uniqueString", ["xxx", "yyy", "zzz"]) == Self.call("uniqueString", ["xxx-yyy-zzz"]))
        #expect(try Self.call("uniqueString", ["ab", "c"]) != Self.call("uniqueString", ["abc"]))
    }

    @Test("uniqueString is 13 lower-case base32 characters, even for the empty string")
    func uniqueStringShape() throws {
        for input in ["", "a", String(repeating: "x", count: 1000), "ünïcödé ✓"] {
            let text = try #require(try Self.call("uniqueString", [input]).stringValue)
            #expect(text.count == 13)
            #expect(text.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        }
    }

    @Test("guid matches the value Azure produced")
    func guidMatchesAzure() throws {
        // Azure/bicep src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json: guid('asdf')
        #expect(try Self.call("guid", ["asdf"]).stringValue == "228d27cc-6fdb-5934-b7ac-1efccebade04")
    }

    @Test("guid joins its arguments with '-' and yields a lower-case version-5 UUID")
    func guidShape() throws {
        #expect(try Self.call("guid", ["a", "b", "c"]) == Self.call("guid", ["a-b-c"]))
        #expect(try Self.call("guid", ["hello", "world"]) != Self.call("guid", ["world", "hello"]))
        let text = try #require(try Self.call("guid", ["/subscriptions/00000000-0000-0000-0000-000000000000"]).stringValue)
        let characters = Array(text)
        #expect(characters.count == 36)
        #expect([8, 13, 18, 23].allSatisfy { characters[$0] == "-" })
        #expect(characters[14] == "5")
        #expect("89ab".contains(characters[19]))
        #expect(text == text.lowercased())
    }

    @Test("uniqueString and guid reject missing and non-string arguments", arguments: ["uniqueString", "guid"])
    func rejectsBadArguments(_ name: String) throws {
        let function = try #require(HashFunctions.all[name.lowercased()])
        let missing = #expect(throws: FunctionError.self) {
            try function(Arguments(function: name, values: []))
        }
        #expect(missing?.message.hasPrefix("\(name)() takes at least 1 argument") == true)
        #expect(throws: FunctionError("\(name)() expects a string as argument 2, got int")) {
            try function(Arguments(function: name, values: [.string("a"), Value(.integer(1))]))
        }
        #expect(try function(Arguments(function: name, values: [.null])).isUnknown)
    }
}

@Suite("SHA-1 and name-based UUIDs")
struct SHA1Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { TextSemantics.hex($0).lowercased() }.joined()
    }

    // FIPS 180 / RFC 3174 test vectors (NIST "SHA1.pdf" examples; RFC 3174 §7.3).
    @Test(
        "SHA-1 matches the FIPS 180 test vectors",
        arguments: [
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ])
    func fipsVectors(_ message: String, _ digest: String) {
        #expect(Self.hex(SHA1.digest(Array(message.utf8))) == digest)
    }

    @Test("SHA-1 of one million 'a' matches FIPS 180 (many blocks)")
    func millionA() {
        // RFC 3174 §7.3 TEST3 / FIPS 180 long message example.
        #expect(Self.hex(SHA1.digest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("SHA-1 handles messages around the 55/56/64-byte padding boundaries consistently")
    func paddingBoundaries() {
        for length in [55, 56, 57, 63, 64, 65] {
            let digest = SHA1.digest(Array(repeating: 0x61, count: length))
            #expect(digest.count == 20)
            #expect(digest != SHA1.digest(Array(repeating: 0x61, count: length + 1)))
        }
    }

    static let dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

    @Test(
        "version-5 UUIDs match published examples",
        arguments: [
            // https://docs.python.org/2.5/lib/uuid-example.html: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
            (dns, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"),
            // https://developer.hashicorp.com/terraform/language/functions/uuidv5 examples
            (dns, "www.terraform.io", "a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
            ("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://www.terraform.io/", "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"),
            ("6ba7b812-9dad-11d1-80b4-00c04fd430c8", "1.3.6.1.4", "af9d40a5-7a36-5c07-b23a-851cd99fbfa5"),
            ("6ba7b814-9dad-11d1-80b4-00c04fd430c8", "CN=Example,C=GB", "84e09961-4aa4-57f8-95b7-03edb1073253"),
        ])
    func publishedUUIDs(_ namespace: String, _ name: String, _ expected: String) throws {
        let bytes = try #require(NameBasedUUID.bytes(namespace))
        #expect(NameBasedUUID.version5(namespace: bytes, name: name) == expected)
    }

    @Test("UUID text that is not 32 hex digits is refused")
    func refusesBadUUIDText() {
        #expect(NameBasedUUID.bytes("not-a-uuid") == nil)
        #expect(NameBasedUUID.bytes("6ba7b810-9dad-11d1-80b4-00c04fd430cz") == nil)
    }
}
