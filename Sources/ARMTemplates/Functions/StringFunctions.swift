import Foundation
import LocatedJSON
import PostureModel

/// String functions of ARM templates. `concat`, `length`, `empty` work on strings, arrays and objects alike.
enum StringFunctions {
    static let all: [String: PureFunction] = [
        "concat": concat,
        "format": format,
        "tolower": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(try arguments.string(0).lowercased())
        },
        "toupper": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(try arguments.string(0).uppercased())
        },
        "replace": { arguments throws(FunctionError) in
            try arguments.expect(3)
            let (text, old, new) = (try arguments.string(0), try arguments.string(1), try arguments.string(2))
            return .string(old.isEmpty ? text : text.replacingOccurrences(of: old, with: new))
        },
        "string": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(ValueSemantics.text(arguments[0]))
        },
        "length": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            case .string(let text): return Value(.integer(Int64(text.count)))
            case .array(let elements): return Value(.integer(Int64(elements.count)))
            case .object(let members): return Value(.integer(Int64(members.count)))
            default: throw arguments.mismatch(0, "a string, array or object")
            }
        },
        "empty": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let isEmpty = switch arguments[0].kind {
            case .null: true
            case .string(let text): text.isEmpty
            case .array(let elements): elements.isEmpty
            case .object(let members): members.isEmpty
            default: false
            }
            return Value(.bool(isEmpty))
        },
    ]

    /// Arrays concatenate when the first argument is an array; otherwise the text forms join.
    static func concat(_ arguments: Arguments) throws(FunctionError) -> Value {
        if arguments.values.first?.elements != nil {
            var joined: [Value] = []
            for index in 0..<arguments.count { joined += try arguments.array(index) }
            return Value(.array(joined))
        }
        var text = ""
        for value in arguments.values {
            guard value.scalarText != nil || value.isNull else {
                throw FunctionError("concat() joins strings, numbers and booleans, or arrays; got \(value.kindName)")
            }
            text += ValueSemantics.text(value)
        }
        return .string(text)
    }

    /// .NET composite formatting: `{0}`, `{1}`, `{{` and `}}`. Format specifiers (`{0:D2}`) are unknown for now.
    static func format(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(1, .max)
        let pattern = try arguments.string(0)
        let values = Array(arguments.values.dropFirst())
        var result = ""
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            if character == "}" {
                _ = characters.next()
                result.append("}")
                continue
            }
            guard character == "{" else { result.append(character); continue }
            var item = ""
            var closed = false
            while let next = characters.next() {
                if next == "{", item.isEmpty { result.append("{"); closed = true; item = "{"; break }
                if next == "}" { closed = true; break }
                item.append(next)
            }
            if item == "{" { continue }
            guard closed, let index = Int(item.prefix { $0.isNumber }), index < values.count else {
                throw FunctionError("format() has a placeholder {\(item)} but \(values.count) value\(values.count == 1 ? "" : "s") to format")
            }
            guard item.allSatisfy(\.isNumber) else {
                return arguments.unknown("format specifier '{\(item)}' is not evaluated by this version of Bulwark")
            }
            if values[index].isUnknown { return arguments.unknown("a formatted value is known only at deployment") }
            result += ValueSemantics.text(values[index])
        }
        return .string(result)
    }
}
