/// .NET numeric format strings as ARM's `format()` applies them (invariant culture): the standard formats
/// D, X, N, F, E, G, P, C and R, and custom patterns made of `0`, `#`, `,` and `.`. Anything else, and any case
/// where .NET Framework and modern .NET would print a double differently, is `.unsupported`, never guessed.
enum NumberFormatting {
    enum Outcome: Equatable {
        case text(String)
        /// .NET throws a FormatException, so ARM rejects the template.
        case invalid(String)
        case unsupported(String)
    }

    /// A number as decimal digits: value = 0.d₁d₂… × 10^scale, without leading or trailing zeros (none for zero).
    struct Digits: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var scale: Int
        /// False for doubles, whose digits are the shortest round-trip form rather than the exact binary value.
        var exact: Bool

        var isZero: Bool { digits.isEmpty }

        init(negative: Bool, digits: [UInt8], scale: Int, exact: Bool) {
            var trimmed = digits
            var scale = scale
            while trimmed.first == 0 { trimmed.removeFirst(); scale -= 1 }
            while trimmed.last == 0 { trimmed.removeLast() }
            self.negative = negative
            self.digits = trimmed
            self.scale = trimmed.isEmpty ? 0 : scale
            self.exact = exact
        }

        init(_ value: Int64) {
            let text = String(value.magnitude)
            self.init(negative: value < 0, digits: text.utf8.map { $0 - UInt8(ascii: "0") }, scale: text.utf8.count, exact: true)
        }

        /// The shortest round-trip digits of a double; nil beyond 15 significant digits, where .NET Framework
        /// (15 digits) and modern .NET (exact digits) print different text.
        init?(_ value: Double) {
            guard value.isFinite, !(value == 0 && value.sign == .minus) else { return nil }
            let text = "\(value.magnitude)"
            let parts = text.split(separator: "e")
            let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
            let whole = mantissa[0]
            let fraction = mantissa.count > 1 ? mantissa[1] : ""
            let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            let digits = (whole + fraction).utf8.map { $0 - UInt8(ascii: "0") }
            self.init(negative: value < 0, digits: digits, scale: whole.count + exponent, exact: false)
            guard self.digits.count <= 15 else { return nil }
        }

        /// Rounded half away from zero to `count` significant digits. Nil for a double whose digits end exactly
        /// at a tie, where the two .NET runtimes round differently (they see different binary expansions).
        func rounded(toSignificant count: Int, allowingTies: Bool = false) -> Digits? {
            guard count < digits.count else { return self }
            if !exact, !allowingTies, count >= 0, digits[count...] == [5] { return nil }
            let roundUp = count >= 0 && digits[count] >= 5
            var kept = count > 0 ? Array(digits[..<count]) : []
            var scale = self.scale
            if roundUp {
                var index = kept.count - 1
                while index >= 0, kept[index] == 9 { kept[index] = 0; index -= 1 }
                if index >= 0 { kept[index] += 1 } else { kept.insert(1, at: 0); scale += 1 }
            }
            return Digits(negative: negative, digits: kept, scale: scale, exact: exact)
        }

        /// Rounded to `decimals` places after the point.
        func rounded(toDecimals decimals: Int, allowingTies: Bool = false) -> Digits? {
            rounded(toSignificant: scale + decimals, allowingTies: allowingTies)
        }

        /// The digits before the point (at least one) and exactly `decimals` after it.
        func fixedParts(decimals: Int) -> (whole: [UInt8], fraction: [UInt8]) {
            let whole: [UInt8] = scale > 0 ? (0..<scale).map { $0 < digits.count ? digits[$0] : 0 } : [0]
            let fraction: [UInt8] = (0..<max(decimals, 0)).map { offset in
                let index = scale + offset
                return index >= 0 && index < digits.count ? digits[index] : 0
            }
            return (whole, fraction)
        }
    }

    static func format(_ value: Int64, _ format: String) -> Outcome {
        apply(format, to: Digits(value), integer: value)
    }

    static func format(_ value: Double, _ format: String) -> Outcome {
        guard let digits = Digits(value) else {
            return .unsupported("\(value) has no single .NET rendering (more than 15 significant digits, infinite, NaN or -0)")
        }
        return apply(format, to: digits, integer: nil)
    }

    private static func apply(_ format: String, to number: Digits, integer: Int64?) -> Outcome {
        let scalars = Array(format.unicodeScalars)
        guard let letter = scalars.first, letter.properties.isAlphabetic, letter.isASCII,
            scalars.dropFirst().allSatisfy({ ("0"..."9").contains($0) })
        else {
            return format.isEmpty ? general(number, precision: 0, letter: "E", integer: integer) : custom(format, number)
        }
        guard scalars.count <= 3, let precision = scalars.count > 1 ? Int(String(format.dropFirst())) : 0 else {
            return .unsupported("precision specifiers above 99 differ between .NET versions")
        }
        let explicit = scalars.count > 1
        switch letter {
        case "D", "d":
            guard let integer else { return .invalid("format specifier '\(format)' applies to integers only") }
            let text = String(integer.magnitude)
            return .text((integer < 0 ? "-" : "") + String(repeating: "0", count: max(precision - text.count, 0)) + text)
        case "X", "x":
            guard let integer else { return .invalid("format specifier '\(format)' applies to integers only") }
            let text = String(UInt64(bitPattern: integer), radix: 16, uppercase: letter == "X")
            return .text(String(repeating: "0", count: max(precision - text.count, 0)) + text)
        case "F", "f", "N", "n":
            return fixed(number, decimals: explicit ? precision : 2, grouped: letter == "N" || letter == "n")
        case "P", "p":
            var scaled = number
            scaled.scale += scaled.isZero ? 0 : 2
            return fixed(scaled, decimals: explicit ? precision : 2, grouped: true).map { $0 + " %" }
        case "C", "c":
            return fixed(number, decimals: explicit ? precision : 2, grouped: true, sign: false).map {
                number.negative ? "(¤\($0))" : "¤" + $0
            }
        case "E", "e":
            return scientific(number, precision: explicit ? precision : 6, letter: letter)
        case "G", "g":
            return general(number, precision: precision, letter: letter == "g" ? "e" : "E", integer: integer)
        case "R", "r":
            guard integer == nil else { return .unsupported("'R' on an integer differs between .NET versions") }
            return general(number, precision: 0, letter: "E", integer: nil)
        default:
            return .unsupported("the standard format specifier '\(format)' is not evaluated by this version of Bulwark")
        }
    }

    /// F, N, P and C: fixed point with `decimals` places, optionally grouped by thousands.
    private static func fixed(_ number: Digits, decimals: Int, grouped: Bool, sign: Bool = true) -> Outcome {
        if !number.exact, number.scale + decimals > 15 {
            return .unsupported("more than 15 significant digits of a double differ between .NET versions")
        }
        guard let rounded = number.rounded(toDecimals: decimals) else {
            return .unsupported("rounding a double at a tie differs between .NET versions")
        }
        if rounded.isZero, number.negative, !number.exact {
            return .unsupported("a negative double rounding to zero keeps its sign only in modern .NET")
        }
        let (whole, fraction) = rounded.fixedParts(decimals: decimals)
        var text = grouped ? group(whole) : digitsText(whole)
        if decimals > 0 { text += "." + digitsText(fraction) }
        return .text((sign && rounded.negative && !rounded.isZero ? "-" : "") + text)
    }

    /// E: one digit, `precision` decimals, and an exponent of at least three digits.
    private static func scientific(_ number: Digits, precision: Int, letter: Unicode.Scalar) -> Outcome {
        if !number.exact, precision + 1 > 15 {
            return .unsupported("more than 15 significant digits of a double differ between .NET versions")
        }
        guard let rounded = number.rounded(toSignificant: precision + 1) else {
            return .unsupported("rounding a double at a tie differs between .NET versions")
        }
        let mantissa = (0...precision).map { $0 < rounded.digits.count ? rounded.digits[$0] : 0 }
        let exponent = rounded.isZero ? 0 : rounded.scale - 1
        var text = (rounded.negative ? "-" : "") + digitsText([mantissa[0]])
        if precision > 0 { text += "." + digitsText(Array(mantissa.dropFirst())) }
        return .text(text + exponentText(exponent, letter: letter, minimumDigits: 3))
    }

    /// G (and the default): the shorter of fixed and scientific notation, without trailing zeros.
    private static func general(_ number: Digits, precision: Int, letter: Unicode.Scalar, integer: Int64?) -> Outcome {
        if let integer, precision == 0 { return .text(String(integer)) }
        if !number.exact, precision > 15 {
            return .unsupported("more than 15 significant digits of a double differ between .NET versions")
        }
        let significant = precision == 0 ? 15 : precision
        guard let rounded = number.rounded(toSignificant: significant) else {
            return .unsupported("rounding a double at a tie differs between .NET versions")
        }
        guard !rounded.isZero else { return .text("0") }
        let sign = rounded.negative ? "-" : ""
        let digits = rounded.digits
        if rounded.scale > significant || rounded.scale < -3 {
            var text = sign + digitsText([digits[0]])
            if digits.count > 1 { text += "." + digitsText(Array(digits.dropFirst())) }
            return .text(text + exponentText(rounded.scale - 1, letter: letter, minimumDigits: 2))
        }
        if rounded.scale <= 0 {
            return .text(sign + "0." + String(repeating: "0", count: -rounded.scale) + digitsText(digits))
        }
        let (whole, _) = rounded.fixedParts(decimals: 0)
        let fraction = digits.count > rounded.scale ? Array(digits[rounded.scale...]) : []
        return .text(sign + digitsText(whole) + (fraction.isEmpty ? "" : "." + digitsText(fraction)))
    }

    /// Custom patterns of `0` (digit or zero), `#` (digit if significant), `,` (thousands) and one `.`.
    private static func custom(_ format: String, _ number: Digits) -> Outcome {
        let unsupported = Outcome.unsupported("the custom format '\(format)' is not evaluated by this version of Bulwark")
        guard format.allSatisfy({ "0#.,".contains($0) }), format.filter({ $0 == "." }).count <= 1 else { return unsupported }
        let sections = format.split(separator: ".", omittingEmptySubsequences: false)
        let wholePattern = sections[0]
        let fractionPattern = sections.count > 1 ? sections[1] : nil
        if wholePattern.hasPrefix(",") || wholePattern.hasSuffix(",") || wholePattern.contains(",,") { return unsupported }
        if let fractionPattern,
            fractionPattern.isEmpty || fractionPattern.contains(",")
                || fractionPattern.drop(while: { $0 == "0" }).contains("0")
        {
            return unsupported
        }
        let placeholders = wholePattern.filter { $0 != "," }
        let minimumWhole = placeholders.firstIndex(of: "0").map { placeholders.distance(from: $0, to: placeholders.endIndex) } ?? 0
        let minimumFraction = fractionPattern?.filter { $0 == "0" }.count ?? 0
        let maximumFraction = fractionPattern?.count ?? 0
        guard !placeholders.isEmpty || maximumFraction > 0 else { return unsupported }
        // Custom formats see at most 15 digits of a double in every .NET version, so ties round alike.
        guard let rounded = number.rounded(toDecimals: maximumFraction, allowingTies: true) else { return unsupported }
        if rounded.isZero, number.negative, !number.exact {
            return .unsupported("a negative double rounding to zero keeps its sign only in modern .NET")
        }
        var (whole, fraction) = rounded.fixedParts(decimals: maximumFraction)
        if whole == [0] { whole = [] }
        if whole.count < minimumWhole { whole = Array(repeating: 0, count: minimumWhole - whole.count) + whole }
        while fraction.count > minimumFraction, fraction.last == 0 { fraction.removeLast() }
        var text = wholePattern.contains(",") ? group(whole) : digitsText(whole)
        if !fraction.isEmpty { text += "." + digitsText(fraction) }
        return .text((rounded.negative && !rounded.isZero ? "-" : "") + text)
    }

    private static func digitsText(_ digits: [UInt8]) -> String {
        String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    private static func group(_ digits: [UInt8]) -> String {
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text += digitsText([digit])
        }
        return text
    }

    private static func exponentText(_ exponent: Int, letter: Unicode.Scalar, minimumDigits: Int) -> String {
        let magnitude = String(abs(exponent))
        return String(letter) + (exponent < 0 ? "-" : "+") + String(repeating: "0", count: max(minimumDigits - magnitude.count, 0))
            + magnitude
    }
}

private extension NumberFormatting.Outcome {
    func map(_ transform: (String) -> String) -> NumberFormatting.Outcome {
        if case .text(let text) = self { return .text(transform(text)) }
        return self
    }
}
