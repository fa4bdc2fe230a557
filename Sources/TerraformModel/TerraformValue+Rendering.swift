extension TerraformValue {
    /// The value as Terraform's console writes it, for messages and `bulwark expand`: sensitive values as
    /// `(sensitive value)`, unknowns as `(known after apply)`, objects and maps with sorted keys.
    public var rendered: String {
        if isSensitive { return "(sensitive value)" }
        switch kind {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return Self.format(number)
        case .string(let text): return "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        case .list(let elements), .tuple(let elements): return "[" + elements.map(\.rendered).joined(separator: ", ") + "]"
        case .set(let elements): return "toset([" + elements.map(\.rendered).joined(separator: ", ") + "])"
        case .map(let members), .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.rendered)" }.joined(separator: ", ") + "}"
        case .unknown: return "(known after apply)"
        }
    }

    /// A number as Terraform prints it: whole numbers without a fraction, others in the shortest form that reads back.
    public static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
