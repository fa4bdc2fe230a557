import Foundation
import TerraformModel

/// Numbers written as Terraform (Go's `big.Float`) writes them: `Text('f', -1)` for `tostring` and `jsonencode`,
/// `Text('g', -1)` for `format("%v")`, never in Swift's own notation (`1e-07`, `100.0`).
enum NumberText {
    /// The shortest decimal digits that read back as `number`, and where the point goes: the value is
    /// `0.digits × 10^point`.
    static func decimalDigits(_ number: Double) -> (negative: Bool, digits: [UInt8], point: Int) {
        let text = String(describing: abs(number))
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? "0"
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = pieces.first.map(String.init) ?? ""
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = Array((whole + fraction).utf8).map { $0 - UInt8(ascii: "0") }
        var point = whole.count + exponent
        while digits.first == 0 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { point = 1 }
        return (number.sign == .minus && number != 0, digits, point)
    }

    /// Whether text is a decimal number as cty parses one: an optional sign, digits with an optional point, and
    /// an optional exponent.
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = bytes.prefix(0)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if let marker = bytes.first, marker | 0x20 == UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// Plain decimal notation with no exponent and no trailing zeros: `100000000000000000000`, `0.0000001`.
    static func plain(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number < 0 ? "-Inf" : "+Inf") }
        let (negative, digits, point) = decimalDigits(number)
        guard !digits.isEmpty else { return "0" }
        let text = digits.map { String($0) }.joined()
        let body: String
        if point <= 0 {
            body = "0." + String(repeating: "0", count: -point) + text
        } else if point >= digits.count {
            body = text + String(repeating: "0", count: point - digits.count)
        } else {
            body = String(text.prefix(point)) + "." + String(text.dropFirst(point))
        }
        return (negative ? "-" : "") + body
    }

    /// Go's shortest `%g`: plain notation for exponents from -4 to 5, `1.234567e+06` style beyond.
    static func shortestGeneral(_ number: Double) -> String {
        guard number.isFinite else { return plain(number) }
        let (negative, digits, point) = decimalDigits(number)
        guard !digits.isEmpty else { return "0" }
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            let text = digits.map { String($0) }.joined()
            let mantissa = text.count > 1 ? String(text.prefix(1)) + "." + String(text.dropFirst()) : text
            let sign = exponent < 0 ? "-" : "+"
            let magnitude = abs(exponent)
            return (negative ? "-" : "") + mantissa + "e" + sign + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return plain(number)
    }

    /// A number in C/Go `printf` style for `%e`, `%f` and `%g` with an optional precision (6 when absent for
    /// `%e` and `%f`, shortest for `%g`).
    static func floating(_ number: Double, verb: Character, precision: Int?) -> String {
        let magnitude = abs(number)
        switch verb {
        case "f", "F": return String(format: "%.\(precision ?? 6)f", magnitude)
        case "e", "E":
            let text = String(format: "%.\(precision ?? 6)e", magnitude)
            return verb == "E" ? text.uppercased() : text
        default:
            let text = precision.map { String(format: "%.\(max($0, 1))g", magnitude) } ?? shortestGeneral(magnitude)
            return verb == "G" ? text.uppercased() : text
        }
    }
}

extension TerraformValue {
    /// `converted(to:)`, with a number becoming the string Terraform writes for it (`0.0000001`, never `1e-07`).
    /// A string converts to a number only when it is decimal (`0x10` and `inf` are not, though Swift's `Double`
    /// reads them).
    func convertedWritingNumbers(to type: TerraformType) throws(TerraformConversionError) -> TerraformValue {
        if type == .string, case .number(let number) = kind {
            var copy = self
            copy.kind = .string(NumberText.plain(number))
            return copy
        }
        if type == .number, case .string(let text) = kind, !NumberText.isDecimal(text) {
            throw TerraformConversionError(message: "a number is required, got the string \(rendered)")
        }
        return try converted(to: type)
    }
}
