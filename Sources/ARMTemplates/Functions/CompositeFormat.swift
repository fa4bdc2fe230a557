import PostureModel

/// `format(formatString, arg1, ...)`: .NET composite formatting (`String.Format`) as ARM applies it to JSON
/// values. Items are `{index[,alignment][:formatString]}`; `{{` and `}}` are literal braces. Numbers take the
/// .NET numeric format strings (``NumberFormatting``); strings, booleans and null ignore the format string;
/// arrays and objects print as compact JSON with `"` turned into `'`, as ARM does.
enum CompositeFormat {
    static func format(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(1, .max)
        let pattern = Array(try arguments.string(0).unicodeScalars)
        let values = Array(arguments.values.dropFirst())
        var result = String.UnicodeScalarView()
        var resultBytes = pattern.count
        var index = 0
        func invalid(_ reason: String) -> FunctionError {
            FunctionError("format() has an invalid format string: \(reason)")
        }
        while index < pattern.count {
            let scalar = pattern[index]
            if scalar == "}" {
                guard index + 1 < pattern.count, pattern[index + 1] == "}" else {
                    throw invalid("a '}' without its '{' (write '}}' for a literal brace)")
                }
                result.append("}")
                index += 2
                continue
            }
            guard scalar == "{" else {
                result.append(scalar)
                index += 1
                continue
            }
            if index + 1 < pattern.count, pattern[index + 1] == "{" {
                result.append("{")
                index += 2
                continue
            }
            index += 1
            let item = try readItem(pattern, at: &index, invalid: invalid)
            guard item.index < values.count else {
                throw FunctionError(
                    "format() has a placeholder {\(item.index)} but \(values.count) value\(values.count == 1 ? "" : "s") to format")
            }
            let text: String
            switch render(values[item.index], item.format) {
            case .text(let rendered): text = rendered
            case .invalid(let reason): throw invalid(reason)
            case .unsupported(let reason): return arguments.unknown(reason)
            }
            // A placeholder may repeat one large value many times: refuse before the result passes the limit.
            resultBytes += Swift.max(text.utf8.count, abs(item.alignment))
            try EvaluationLimits.check(resultBytes, of: "format")
            result.append(contentsOf: aligned(text, item.alignment).unicodeScalars)
        }
        return .string(String(result))
    }

    struct Item {
        var index: Int
        var alignment: Int
        var format: String
    }

    /// Reads `index[,alignment][:format]}` after the opening brace, leaving `index` past the closing brace.
    private static func readItem(_ pattern: [Unicode.Scalar], at index: inout Int, invalid: (String) -> FunctionError) throws(FunctionError)
        -> Item
    {
        func number() -> Int? {
            var digits = ""
            while index < pattern.count, ("0"..."9").contains(pattern[index]), digits.count < 7 {
                digits.unicodeScalars.append(pattern[index])
                index += 1
            }
            return Int(digits)
        }
        func skipSpaces() {
            while index < pattern.count, pattern[index] == " " { index += 1 }
        }
        guard let argument = number(), argument < 1_000_000 else { throw invalid("a '{' must be followed by an argument index") }
        skipSpaces()
        var alignment = 0
        if index < pattern.count, pattern[index] == "," {
            index += 1
            skipSpaces()
            let negative = index < pattern.count && pattern[index] == "-"
            if negative { index += 1 }
            guard let width = number(), width < 1_000_000 else { throw invalid("an alignment must be a number") }
            alignment = negative ? -width : width
            skipSpaces()
        }
        var format = String.UnicodeScalarView()
        if index < pattern.count, pattern[index] == ":" {
            index += 1
            while index < pattern.count, pattern[index] != "}" {
                guard pattern[index] != "{" else { throw invalid("a '{' inside a format item") }
                format.append(pattern[index])
                index += 1
            }
        }
        guard index < pattern.count, pattern[index] == "}" else { throw invalid("a '{' without its '}' (write '{{' for a literal brace)") }
        index += 1
        return Item(index: argument, alignment: alignment, format: String(format))
    }

    /// The text of one argument: what `JValue.ToString(format, provider)` returns for it.
    static func render(_ value: Value, _ format: String) -> NumberFormatting.Outcome {
        switch value.kind {
        case .string(let text): return .text(text)
        case .bool(let flag): return .text(flag ? "True" : "False")
        case .null: return .text("")
        case .integer(let number): return NumberFormatting.format(number, format)
        case .double(let number): return NumberFormatting.format(number, format)
        case .unknown: return .unsupported("a formatted value is known only at deployment")
        case .array, .object:
            guard let json = CompactJSON.text(value) else {
                return value.containsUnknown
                    ? .unsupported("a formatted value is known only at deployment")
                    : .unsupported(
                        "this array or object has values whose JSON text is not modelled (floating-point numbers, control characters)")
            }
            return .text(String(json.map { $0 == "\"" ? "'" : $0 }))
        }
    }

    /// Pads to `alignment` UTF-16 units: on the left when positive, on the right when negative.
    private static func aligned(_ text: String, _ alignment: Int) -> String {
        let padding = String(repeating: " ", count: max(abs(alignment) - text.utf16.count, 0))
        return alignment < 0 ? text + padding : padding + text
    }
}
