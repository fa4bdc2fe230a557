import Foundation
import LocatedJSON
import PostureModel

/// String functions of ARM templates. `concat`, `length`, `empty` work on strings, arrays and objects alike.
enum StringFunctions {
    static let all: [String: PureFunction] = [
        "concat": concat,
        "format": CompositeFormat.format,
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
            if old.isEmpty { return .string(text) }
            // Each replacement can grow the text: refuse before building a result past the size limit.
            if new.utf8.count > old.utf8.count, text.utf8.count / old.utf8.count * new.utf8.count > EvaluationLimits.maximumValueBytes {
                let occurrences = text.components(separatedBy: old).count - 1
                try EvaluationLimits.check(text.utf8.count + occurrences * (new.utf8.count - old.utf8.count), of: "replace")
            }
            return .string(text.replacingOccurrences(of: old, with: new))
        },
        "string": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            case .array, .object:
                // Azure writes containers as compact JSON (Newtonsoft, no spaces).
                guard let text = CompactJSON.text(arguments[0]) else {
                    return arguments.unknown("string() of a value whose exact JSON text Azure writes differently")
                }
                return .string(text)
            default:
                return .string(ValueSemantics.text(arguments[0]))
            }
        },
        "length": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            // .NET counts UTF-16 code units, so an emoji is 2 long, as in Azure.
            case .string(let text): return Value(.integer(Int64(text.utf16.count)))
            case .array(let elements): return Value(.integer(Int64(elements.count)))
            case .object(let members): return Value(.integer(Int64(members.count)))
            case .null: return Value(.integer(0))  // an unset nullable parameter, as AVM modules pass it
            default: throw arguments.mismatch(0, "a string, array or object")
            }
        },
        "startswith": { arguments throws(FunctionError) in try affix(arguments, atEnd: false) },
        "endswith": { arguments throws(FunctionError) in try affix(arguments, atEnd: true) },
        "join": join,
        "padleft": padLeft,
        "split": split,
        "substring": substring,
        "trim": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(TextSemantics.trim(try arguments.string(0)))
        },
        "uri": { arguments throws(FunctionError) in
            try arguments.expect(2)
            let base = try arguments.string(0)
            switch URIResolution.resolve(base: base, relative: try arguments.string(1)) {
            case .resolved(let text): return .string(text)
            case .invalidBase: throw FunctionError("uri() expects an absolute base URI such as 'https://host/path', got '\(base)'")
            case .unsupported(let reason): return arguments.unknown(reason)
            }
        },
        "uricomponent": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(TextSemantics.escapeDataString(try arguments.string(0)))
        },
        "uricomponenttostring": { arguments throws(FunctionError) in
            try arguments.expect(1)
            guard let text = TextSemantics.unescapeDataString(try arguments.string(0)) else {
                return arguments.unknown(
                    "the encoded text has '+', '%u' escapes or bytes that are not UTF-8, which .NET's decoders treat differently")
            }
            return .string(text)
        },
        "empty": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let isEmpty =
                switch arguments[0].kind {
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

    /// `startsWith` and `endsWith`: ordinal comparison ignoring case, as ARM documents.
    static func affix(_ arguments: Arguments, atEnd: Bool) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let (text, affix) = (try arguments.string(0), try arguments.string(1))
        guard let result = TextSemantics.hasAffix(text, affix, atEnd: atEnd) else {
            return arguments.unknown("the case-insensitive comparison depends on how non-ASCII letters fold")
        }
        return Value(.bool(result))
    }

    /// `join(inputArray, delimiter)`: the array must hold strings only.
    static func join(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let elements = try arguments.array(0)
        let delimiter = try arguments.string(1)
        var parts: [String] = []
        for (position, element) in elements.enumerated() {
            switch element.kind {
            case .string(let text): parts.append(text)
            case .unknown: return arguments.unknown("an element to join is known only at deployment")
            case .null: return arguments.unknown("joining a null element is not evaluated by this version of Bulwark")
            default: throw FunctionError("join() expects an array of strings as argument 1, but element \(position) is \(element.kindName)")
            }
        }
        try EvaluationLimits.check(
            parts.reduce(0) { $0 + $1.utf8.count } + Swift.max(parts.count - 1, 0) * delimiter.utf8.count, of: "join")
        return .string(parts.joined(separator: delimiter))
    }

    /// `padLeft(valueToPad, totalLength, paddingCharacter)`. ARM caps the total length at 16.
    static func padLeft(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2, 3)
        let text: String
        switch arguments[0].kind {
        case .string(let value): text = value
        case .integer(let number): text = String(number)
        default: throw arguments.mismatch(0, "a string or an integer")
        }
        let width = try arguments.integer(1)
        guard (1...16).contains(width) else {
            throw FunctionError("padLeft() total length must be a positive integer not greater than 16, got \(width)")
        }
        var padding: UInt16 = 0x20
        if arguments.count == 3, !arguments[2].isNull {
            let character = TextSemantics.units(try arguments.string(2))
            guard character.count == 1 else {
                throw FunctionError("padLeft() padding character must be a single character, got '\(try arguments.string(2))'")
            }
            padding = character[0]
        }
        let missing = Int(width) - text.utf16.count
        guard missing > 0 else { return .string(text) }
        return .string(String(decoding: Array(repeating: padding, count: missing), as: UTF16.self) + text)
    }

    /// `split(inputString, delimiter)` with one delimiter or an array of them.
    static func split(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let text = try arguments.string(0)
        var delimiters: [String] = []
        switch arguments[1].kind {
        case .string(let delimiter): delimiters = [delimiter]
        case .array(let elements):
            for element in elements {
                if element.isUnknown { return arguments.unknown("a delimiter is known only at deployment") }
                guard let delimiter = element.stringValue else {
                    throw FunctionError(
                        "split() expects a string or an array of strings as argument 2, but a delimiter is \(element.kindName)")
                }
                delimiters.append(delimiter)
            }
        default: throw arguments.mismatch(1, "a string or an array of strings")
        }
        return Value(.array(TextSemantics.split(text, by: delimiters).map { .string($0) }))
    }

    /// `substring(stringToParse, startIndex[, length])`, counting UTF-16 units; out-of-range fails as in ARM.
    static func substring(_ arguments: Arguments) throws(FunctionError) -> Value {
        guard (2...3).contains(arguments.count) else {
            throw FunctionError(
                "substring() expects a string, a start index and optionally a length, got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")"
            )
        }
        let units = TextSemantics.units(try arguments.string(0))
        let start = try arguments.integer(1)
        guard start >= 0 else { throw FunctionError("substring() index cannot be less than zero, got \(start)") }
        guard start <= units.count else {
            throw FunctionError("substring() index \(start) is larger than the length of the string, \(units.count)")
        }
        var length = Int64(units.count) - start
        if arguments.count == 3 {
            length = try arguments.integer(2)
            guard length >= 0 else { throw FunctionError("substring() length cannot be less than zero, got \(length)") }
            guard length <= Int64(units.count) - start else {
                throw FunctionError(
                    "substring() index and length must refer to a location within the string: index \(start), length \(length), string length \(units.count)"
                )
            }
        }
        guard let text = TextSemantics.text(units[Int(start)..<Int(start + length)]) else {
            return arguments.unknown("the substring would split a surrogate pair")
        }
        return .string(text)
    }
}
