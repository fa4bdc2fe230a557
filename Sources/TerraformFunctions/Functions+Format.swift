import TerraformModel

/// `format` and `formatlist`: printf-style verbs as cty implements them (`%v %s %q %d %b %o %x %X %e %E %f %g %G %t
/// %%`, flags `# 0 - + space`, width, precision, and `%[n]` argument indexes).
enum FormatFunctions {
    static func format(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let pattern = try arguments.string(0)
        let values = Array(arguments.values.dropFirst())
        if let unknown = values.lazy.compactMap(\.firstUnknown).first {
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: unknown.reason)
        }
        return .string(try render(pattern, values, arguments))
    }

    /// One string per element of the list arguments (which must have one length); other arguments repeat.
    static func formatList(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let pattern = try arguments.string(0)
        let values = Array(arguments.values.dropFirst())
        var length: Int?
        var chooser = 0
        for (index, value) in values.enumerated() {
            if value.isUnknown {
                return .unknown(
                    TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: value.firstUnknown?.reason ?? "")
            }
            guard let elements = value.elements else { continue }
            if let length, length != elements.count {
                throw arguments.invalid(
                    index + 1,
                    "argument \(index + 1) has length \(elements.count), which is inconsistent with argument \(chooser + 1) of length \(length)"
                )
            }
            if length == nil { (length, chooser) = (elements.count, index) }
        }
        var results: [TerraformValue] = []
        for iteration in 0..<(length ?? 1) {
            let row = values.map { $0.elements?[iteration] ?? $0 }
            if let unknown = row.lazy.compactMap(\.firstUnknown).first {
                results.append(.unknown("formatlist(...)[\(iteration)]", reason: unknown.reason))
                continue
            }
            do { results.append(.string(try render(pattern, row, arguments))) } catch {
                throw arguments.failed("error on format iteration \(iteration): \(error)")
            }
        }
        return TerraformValue(.list(results))
    }

    struct Verb {
        var raw = ""
        var offset = 0
        var argument = 0
        var mode: Character = "v"
        var sharp = false, zero = false, plus = false, minus = false, space = false
        var width: Int?
        var precision: Int?
    }

    static func render(_ pattern: String, _ values: [TerraformValue], _ arguments: Arguments) throws(TerraformFunctionError) -> String {
        let characters = Array(pattern.unicodeScalars)
        var output = ""
        var index = 0
        var nextArgument = 1
        var highest = 0
        while index < characters.count {
            guard characters[index] == "%" else {
                output.unicodeScalars.append(characters[index])
                index += 1
                continue
            }
            let start = index
            index += 1
            if index < characters.count, characters[index] == "%" {
                output += "%"
                index += 1
                continue
            }
            var verb = Verb(offset: start, argument: nextArgument)
            flags: while index < characters.count {
                switch characters[index] {
                case "#": verb.sharp = true
                case "0": verb.zero = true
                case "-": verb.minus = true
                case "+": verb.plus = true
                case " ": verb.space = true
                default: break flags
                }
                index += 1
            }
            verb.width = readNumber(characters, &index)
            if index < characters.count, characters[index] == "." {
                index += 1
                verb.precision = readDigits(characters, &index)
            }
            if index < characters.count, characters[index] == "[" {
                index += 1
                guard let number = readNumber(characters, &index), index < characters.count, characters[index] == "]" else {
                    throw arguments.failed("invalid format string starting at offset \(start)")
                }
                index += 1
                verb.argument = number
            }
            guard index < characters.count else { throw arguments.failed("invalid format string starting at offset \(start)") }
            let mode = characters[index]
            guard mode.properties.isAlphabetic, mode.isASCII else {
                throw arguments.failed("unrecognized format character \"\(mode)\" at offset \(index)")
            }
            verb.mode = Character(mode)
            index += 1
            verb.raw = String(String.UnicodeScalarView(characters[start..<index]))
            highest = max(highest, verb.argument)
            output += try append(verb, values, arguments)
            nextArgument = verb.argument + 1
        }
        if highest < values.count {
            throw arguments.invalid(
                highest + 1,
                highest == 0
                    ? "too many arguments; no verbs in format string" : "too many arguments; only \(highest) used by format string")
        }
        return output
    }

    private static func readDigits(_ characters: [Unicode.Scalar], _ index: inout Int) -> Int {
        var number = 0
        while index < characters.count, let digit = Int(String(characters[index])), characters[index].isASCII {
            number = min(number * 10 + digit, 1_000_000)
            index += 1
        }
        return number
    }

    /// A number that does not start with zero, or nil when there is none here.
    private static func readNumber(_ characters: [Unicode.Scalar], _ index: inout Int) -> Int? {
        guard index < characters.count, ("1"..."9").contains(characters[index]) else { return nil }
        return readDigits(characters, &index)
    }

    private static func append(_ verb: Verb, _ values: [TerraformValue], _ arguments: Arguments) throws(TerraformFunctionError) -> String {
        guard verb.argument >= 1, verb.argument <= values.count else {
            throw arguments.failed(
                "not enough arguments for \"\(verb.raw)\" at \(verb.offset): need index \(verb.argument) but have \(values.count) total")
        }
        let value = values[verb.argument - 1]
        let unsupported = { (message: String) in arguments.failed("unsupported value for \"\(verb.raw)\" at \(verb.offset): \(message)") }
        if verb.mode != "v", value.isNull { throw unsupported("null value cannot be formatted") }
        switch verb.mode {
        case "v":
            if !verb.sharp, case .string(let text) = value.kind { return pad(text, verb) }
            if !verb.sharp, case .number(let number) = value.kind { return pad(NumberText.shortestGeneral(number), verb) }
            guard let json = JSONText.encode(value) else { throw unsupported("value cannot be written as JSON") }
            return pad(json, verb)
        case "t":
            guard let flag = try? value.converted(to: .bool).boolValue else { throw unsupported("bool required, got \(value.typeName)") }
            return flag ? "true" : "false"
        case "b", "d", "o", "x", "X", "e", "E", "f", "g", "G":
            guard let number = try? value.convertedWritingNumbers(to: .number).numberValue else {
                throw unsupported("a number is required, got \(value.typeName)")
            }
            if "bdoxX".contains(verb.mode) {
                guard number == number.rounded(), let integer = Int(exactly: number) else { throw unsupported("an integer is required") }
                return integerText(integer, verb)
            }
            return padNumber(
                negative: number.sign == .minus && number != 0, NumberText.floating(number, verb: verb.mode, precision: verb.precision),
                verb)
        case "s", "q":
            guard var text = try? value.convertedWritingNumbers(to: .string).stringValue else {
                throw unsupported("string required, got \(value.typeName)")
            }
            if let precision = verb.precision, precision > 0 { text = String(text.prefix(precision)) }
            return pad(verb.mode == "q" ? JSONText.quoted(text) : text, verb)
        default:
            throw arguments.failed("unsupported format verb \"\(verb.mode)\" in \"\(verb.raw)\" at offset \(verb.offset)")
        }
    }

    /// Padded to the width in grapheme clusters, with spaces or zeros, left or right.
    private static func pad(_ text: String, _ verb: Verb) -> String {
        guard let width = verb.width, text.count < width else { return text }
        let padding = String(repeating: verb.zero ? "0" : " ", count: width - text.count)
        return verb.minus ? text + padding : padding + text
    }

    /// Go's integer formatting: sign, `#` prefix, precision as a minimum digit count, width with zeros or spaces.
    private static func integerText(_ integer: Int, _ verb: Verb) -> String {
        let radix: Int
        var prefix = ""
        switch verb.mode {
        case "b": (radix, prefix) = (2, verb.sharp ? "0b" : "")
        case "o": (radix, prefix) = (8, verb.sharp ? "0" : "")
        case "x": (radix, prefix) = (16, verb.sharp ? "0x" : "")
        case "X": (radix, prefix) = (16, verb.sharp ? "0X" : "")
        default: radix = 10
        }
        var digits = String(integer.magnitude, radix: radix, uppercase: verb.mode == "X")
        if let precision = verb.precision {
            if precision == 0, integer == 0 { digits = "" }
            if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        }
        var zeroVerb = verb
        if verb.precision != nil { zeroVerb.zero = false }
        return padNumber(negative: integer < 0, prefix + digits, zeroVerb)
    }

    /// A signed number padded as Go pads it: zeros go between the sign and the digits.
    private static func padNumber(negative: Bool, _ body: String, _ verb: Verb) -> String {
        let sign = negative ? "-" : verb.plus ? "+" : verb.space ? " " : ""
        guard let width = verb.width, sign.count + body.count < width else { return sign + body }
        let count = width - sign.count - body.count
        if verb.minus { return sign + body + String(repeating: " ", count: count) }
        if verb.zero { return sign + String(repeating: "0", count: count) + body }
        return String(repeating: " ", count: count) + sign + body
    }
}
