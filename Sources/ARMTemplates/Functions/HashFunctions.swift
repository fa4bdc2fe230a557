import PostureModel

/// `uniqueString` and `guid`: deterministic hashes of the arguments joined with `-`, exactly as ARM computes them.
enum HashFunctions {
    /// The namespace of `guid()`'s version-5 UUIDs (`ARMNamespaceGuid` in Microsoft's ARM expression engine).
    static let armNamespace = NameBasedUUID.bytes("11fb06fb-712d-4ddd-98c7-e71bbd588830")!

    static let all: [String: PureFunction] = [
        "uniquestring": { arguments throws(FunctionError) in
            guard let name = try joined(arguments) else {
                return arguments.unknown("a null argument is not evaluated by this version of Bulwark")
            }
            return .string(uniqueString(name))
        },
        "guid": { arguments throws(FunctionError) in
            guard let name = try joined(arguments) else {
                return arguments.unknown("a null argument is not evaluated by this version of Bulwark")
            }
            return .string(NameBasedUUID.version5(namespace: armNamespace, name: name))
        },
    ]

    /// The string arguments joined with `-`; nil when one is null.
    private static func joined(_ arguments: Arguments) throws(FunctionError) -> String? {
        try arguments.expect(1, .max)
        var parts: [String] = []
        for index in 0..<arguments.count {
            if arguments[index].isNull { return nil }
            parts.append(try arguments.string(index))
        }
        return parts.joined(separator: "-")
    }

    /// The 64-bit hash as 13 characters of lower-case base32, five bits at a time from the top.
    static func uniqueString(_ text: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".unicodeScalars)
        var hash = MurmurHash64.hash(Array(text.utf8))
        var result = String.UnicodeScalarView()
        for _ in 0..<13 {
            result.append(alphabet[Int(hash >> 59)])
            hash <<= 5
        }
        return String(result)
    }
}
