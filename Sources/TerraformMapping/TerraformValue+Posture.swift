import PostureModel
import SourceModel
import TerraformModel

extension TerraformValue {
    /// What a sensitive value becomes: a string that says nothing of the value and is never unknown.
    static let redacted = "<redacted>"

    /// The value as rules see it: lists, sets and tuples as arrays, maps and objects as objects (keys in order),
    /// whole numbers as integers, unknowns kept with their expression and reason, and locations kept (`fallback`
    /// where a value has none). A sensitive value, or anything inside one, becomes ``redacted``.
    func postureValue(fallback: SourceLocation) -> Value {
        let here = location ?? fallback
        if isSensitive { return Value(.string(Self.redacted), location: here) }
        switch kind {
        case .null: return Value(.null, location: here)
        case .bool(let flag): return Value(.bool(flag), location: here)
        case .number(let number):
            if number.isFinite, number == number.rounded(), abs(number) < 9.0e15 { return Value(.integer(Int64(number)), location: here) }
            return Value(.double(number), location: here)
        case .string(let text): return Value(.string(text), location: here)
        case .list(let elements), .set(let elements), .tuple(let elements):
            return Value(.array(elements.map { $0.postureValue(fallback: here) }), location: here)
        case .map(let members), .object(let members):
            return Value(
                .object(members.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: $0.value.postureValue(fallback: here)) }),
                location: here)
        case .unknown(let unknown): return Value(.unknown(unknown), location: here)
        }
    }

    /// The single object a nested block stands for: a block is a one-element list of objects (a plan writes it so
    /// too), and `dynamic` or a module may give the object itself. Nil for an empty list (no block) and for values
    /// of another shape.
    var blockObject: TerraformValue? {
        if members != nil { return self }
        if let first = elements?.first, first.members != nil || first.isUnknown { return first }
        return nil
    }

    /// Absent as Terraform sees an argument: null, or (for nested blocks) an empty list.
    var isAbsent: Bool {
        if isNull { return true }
        if let elements, elements.isEmpty { return true }
        return false
    }
}
