import TerraformModel

/// The string functions. Strings are compared and searched byte by byte (cty's strings are NFC-normalized UTF-8,
/// and Go's `strings` package works on bytes); lengths, offsets and reversal count grapheme clusters.
enum StringFunctions {
    static func chomp(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var scalars = Array(try arguments.string(0).unicodeScalars)
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        return .string(String(String.UnicodeScalarView(scalars)))
    }

    static func startsWith(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .bool(try arguments.string(0).utf8.starts(with: try arguments.string(1).utf8))
    }

    static func endsWith(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .bool(try arguments.string(0).utf8.reversed().starts(with: try arguments.string(1).utf8.reversed()))
    }

    static func strContains(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .bool(ByteText.range(of: Array(try arguments.string(1).utf8), in: Array(try arguments.string(0).utf8)) != nil)
    }

    /// `indent(2, text)`: every line but the first gets the spaces.
    static func indent(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let spaces = try arguments.integer(0)
        guard spaces >= 0, spaces <= 1024 else { throw arguments.invalid(0, "must be between 0 and 1024, got \(spaces)") }
        let text = try arguments.string(1)
        return .string(ByteText.replacing("\n", with: "\n" + String(repeating: " ", count: spaces), in: text))
    }

    static func join(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let separator = try arguments.string(0)
        guard arguments.count > 1 else { throw arguments.invalid("at least one list is required") }
        var parts: [String] = []
        for index in 1..<arguments.count {
            for (position, element) in try arguments.sequence(index).enumerated() {
                guard !element.isNull else {
                    throw arguments.invalid(index, "element \(position) of list \(index) is null; cannot concatenate null values")
                }
                do {
                    guard let text = try element.convertedWritingNumbers(to: .string).stringValue else { continue }
                    parts.append(text)
                } catch { throw arguments.invalid(index, "element \(position): \(error.message)") }
            }
        }
        return .string(parts.joined(separator: separator))
    }

    static func lower(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(mapScalars(try arguments.string(0)) { $0.properties.lowercaseMapping })
    }

    static func upper(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(mapScalars(try arguments.string(0)) { $0.properties.uppercaseMapping })
    }

    /// Go's `strings.Title`: a letter after a separator (a space, or an ASCII character that is not a letter, digit
    /// or underscore) becomes title case.
    static func title(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var previous: Unicode.Scalar = " "
        var result = String.UnicodeScalarView()
        for scalar in try arguments.string(0).unicodeScalars {
            if isSeparator(previous) {
                result.append(contentsOf: simpleMapping(scalar, scalar.properties.titlecaseMapping))
            } else {
                result.append(scalar)
            }
            previous = scalar
        }
        return .string(String(result))
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let properties = scalar.properties
            return !(properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
        }
        if scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal { return false }
        return scalar.properties.isWhitespace
    }

    /// Go maps case one code point to one code point; a mapping that would need several (`ß` to `SS`) leaves it.
    private static func simpleMapping(_ scalar: Unicode.Scalar, _ mapping: String) -> [Unicode.Scalar] {
        let scalars = Array(mapping.unicodeScalars)
        return scalars.count == 1 ? scalars : [scalar]
    }

    private static func mapScalars(_ text: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(contentsOf: simpleMapping(scalar, mapping(scalar))) }
        return String(result)
    }

    static func split(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let separator = try arguments.string(0)
        let text = try arguments.string(1)
        let parts: [String]
        if separator.isEmpty {
            parts = text.unicodeScalars.map { String($0) }
        } else {
            parts = ByteText.split(text, separator: separator)
        }
        return TerraformValue(.list(parts.map { .string($0) }))
    }

    static func strrev(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(String(try arguments.string(0).reversed()))
    }

    /// `substr(text, offset, length)`: a negative offset counts from the end, a negative length takes the rest.
    static func substr(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let characters = Array(try arguments.string(0))
        var offset = try arguments.integer(1)
        let length = try arguments.integer(2)
        if offset < 0 {
            offset += characters.count
        } else if length == 0 {
            return .string("")
        }
        let start = min(max(offset, 0), characters.count)
        let rest = characters[start...]
        // As cty does, a zero length after a negative offset takes the rest.
        guard length > 0 else { return .string(String(rest)) }
        return .string(String(rest.prefix(length)))
    }

    /// `trim(text, cutset)`: every leading and trailing code point that is in the cut set.
    static func trim(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let cutset = Set(try arguments.string(1).unicodeScalars)
        return .string(trimScalars(try arguments.string(0)) { cutset.contains($0) })
    }

    static func trimSpace(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(trimScalars(try arguments.string(0)) { $0.properties.isWhitespace })
    }

    private static func trimScalars(_ text: String, _ cut: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !cut($0) }), let last = scalars.lastIndex(where: { !cut($0) }) else {
            return ""
        }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// `trimprefix`: the prefix once, never a character set (Checkov's `lstrip` gets this wrong).
    static func trimPrefix(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = Array(try arguments.string(0).utf8)
        let prefix = Array(try arguments.string(1).utf8)
        guard text.starts(with: prefix) else { return .string(String(decoding: text, as: UTF8.self)) }
        return .string(String(decoding: text.dropFirst(prefix.count), as: UTF8.self))
    }

    static func trimSuffix(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = Array(try arguments.string(0).utf8)
        let suffix = Array(try arguments.string(1).utf8)
        guard text.count >= suffix.count, Array(text.suffix(suffix.count)) == suffix else {
            return .string(String(decoding: text, as: UTF8.self))
        }
        return .string(String(decoding: text.dropLast(suffix.count), as: UTF8.self))
    }
}

/// Byte-wise searching and splitting, as Go's `strings` package does on UTF-8.
enum ByteText {
    static func range(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard !needle.isEmpty else { return start..<start }
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for offset in start...(haystack.count - needle.count) where haystack[offset] == needle[0] {
            if haystack[offset..<offset + needle.count].elementsEqual(needle) { return offset..<offset + needle.count }
        }
        return nil
    }

    /// Go's `strings.Split` for a non-empty separator.
    static func split(_ text: String, separator: String) -> [String] {
        let bytes = Array(text.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        while let found = range(of: needle, in: bytes, from: start) {
            parts.append(String(decoding: bytes[start..<found.lowerBound], as: UTF8.self))
            start = found.upperBound
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Go's `strings.ReplaceAll`; an empty `target` goes between every code point, as Go's does.
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        if target.isEmpty {
            return replacement + text.unicodeScalars.map { String($0) + replacement }.joined()
        }
        return split(text, separator: target).joined(separator: replacement)
    }
}
