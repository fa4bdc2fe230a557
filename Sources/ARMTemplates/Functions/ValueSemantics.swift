import Foundation
import LocatedJSON
import PostureModel

/// How ARM compares values and turns them into text, shared by every function that needs it.
enum ValueSemantics {
    /// ARM equality: strings case-sensitively (as `equals()` does), numbers by value, containers deeply.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        lhs.deepEquals(rhs) { a, b in
            if let x = a.numberValue, let y = b.numberValue { return x == y }
            return a.kind == b.kind
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
