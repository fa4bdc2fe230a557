/// An ARM template language expression, as the compiler builds it before writing `"[...]"`: a literal, or a
/// function call followed by property and index accesses (`reference(...).outputs.x.value`).
indirect enum ARMExpression: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    /// `name(arguments)` then each of `accessors`: a string accessor writes `.name` (or `['na-me']`), an
    /// integer `[0]`, any other expression `[expression]`.
    case call(name: String, arguments: [ARMExpression], accessors: [ARMExpression])

    static func function(_ name: String, _ arguments: ARMExpression...) -> ARMExpression {
        .call(name: name, arguments: arguments, accessors: [])
    }

    static func function(_ name: String, arguments: [ARMExpression]) -> ARMExpression {
        .call(name: name, arguments: arguments, accessors: [])
    }

    /// A literal turned into a call so accessors can follow it: `string('a')`, `int(1)`.
    var asCall: ARMExpression {
        switch self {
        case .call: self
        case .string: .function("string", self)
        case .integer: .function("int", self)
        }
    }

    /// The expression followed by more accessors.
    func appending(_ accessors: ARMExpression...) -> ARMExpression {
        guard case .call(let name, let arguments, let existing) = asCall else { return self }
        return .call(name: name, arguments: arguments, accessors: existing + accessors)
    }

    /// The function's name when the expression is a call without accessors.
    var bareFunctionName: String? {
        if case .call(let name, _, let accessors) = self, accessors.isEmpty { return name }
        return nil
    }

    /// The expression inside a template string: `concat('a', parameters('b'))`.
    var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// The JSON string value for the expression: a string literal as itself (with a leading `[` doubled when it
    /// also ends with `]`, so ARM does not read it as an expression), anything else as `[expression]`.
    var templateString: String {
        if case .string(let value) = self { return value.hasPrefix("[") && value.hasSuffix("]") ? "[" + value : value }
        return "[" + serialized + "]"
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let value):
            output.append("'")
            output.append(value.replacing("'", with: "''"))
            output.append("'")
        case .integer(let value):
            output.append(String(value))
        case .call(let name, let arguments, let accessors):
            output.append(name)
            output.append("(")
            for (index, argument) in arguments.enumerated() {
                if index > 0 { output.append(", ") }
                argument.write(to: &output)
            }
            output.append(")")
            for accessor in accessors {
                if case .string(let property) = accessor, Self.isPlainPropertyName(property) {
                    output.append(".")
                    output.append(property)
                } else {
                    output.append("[")
                    accessor.write(to: &output)
                    output.append("]")
                }
            }
        }
    }

    /// Whether ARM's serializer writes the property with a dot: a letter or `_`, then letters, digits and `_`.
    private static func isPlainPropertyName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0 == "_" || ("0"..."9").contains($0) }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
