import Foundation
import LocatedJSON
import PostureModel

/// How ARM compares values and turns them into text, shared by every function that needs it.
enum ValueSemantics {
    /// ARM equality: strings case-sensitively (as `equals()` does), numbers by value, containers deeply.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { member in b.contains { $0.key.caseInsensitiveEquals(member.key) && equal($0.value, member.value) } }
        default:
            if let x = lhs.numberValue, let y = rhs.numberValue { return x == y }
            return lhs.kind == rhs.kind
        }
    }

    /// How ARM turns a value into text inside `concat`, `format` and `string`: strings as they are, booleans
    /// as `True`/`False`, null as empty, containers as compact JSON.
    static func text(_ value: Value) -> String {
        switch value.kind {
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .null: ""
        default: value.scalarText ?? value.displayText
        }
    }
}
