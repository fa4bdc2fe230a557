import Foundation
import TerraformModel

/// The numeric functions: `abs`, `ceil`, `floor`, `log`, `max`, `min`, `parseint`, `pow`, `signum`.
enum NumberFunctions {
    static func abs(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .number(Swift.abs(try arguments.number(0)))
    }

    static func ceil(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .number(try arguments.number(0).rounded(.up))
    }

    static func floor(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .number(try arguments.number(0).rounded(.down))
    }

    static func log(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .number(Foundation.log(try arguments.number(0)) / Foundation.log(try arguments.number(1)))
    }

    static func pow(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .number(Foundation.pow(try arguments.number(0), try arguments.number(1)))
    }

    static func signum(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let number = try arguments.number(0)
        return .number(number > 0 ? 1 : number < 0 ? -1 : 0)
    }

    static func max(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        try extreme(arguments) { $0 > $1 }
    }

    static func min(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        try extreme(arguments) { $0 < $1 }
    }

    private static func extreme(_ arguments: Arguments, better: (Double, Double) -> Bool) throws(TerraformFunctionError)
        -> TerraformValue
    {
        guard arguments.count > 0 else { throw arguments.invalid("must pass at least one number") }
        var best = try arguments.number(0)
        for index in 1..<arguments.count {
            let next = try arguments.number(index)
            if better(next, best) { best = next }
        }
        return .number(best)
    }

    /// `parseint("FF", 16)`: digits of bases 2 to 62 (0-9, a-z, then A-Z above base 36; either case up to 36),
    /// with an optional sign, as Go's `big.Int.SetString` reads them.
    static func parseInt(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard case .string(let text) = arguments[0].kind else {
            throw arguments.invalid(0, "first argument must be a string, not \(arguments[0].typeName)")
        }
        let base = try arguments.integer(1)
        guard (2...62).contains(base) else { throw arguments.invalid(1, "base must be a whole number between 2 and 62 inclusive") }
        let cannotParse = arguments.invalid(0, "cannot parse \"\(text)\" as a base \(base) integer")
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { throw cannotParse }
        var value: Double = 0
        for character in digits.unicodeScalars {
            guard let digit = digitValue(character, base: base), digit < base else { throw cannotParse }
            value = value * Double(base) + Double(digit)
        }
        return .number(negative ? -value : value)
    }

    private static func digitValue(_ scalar: Unicode.Scalar, base: Int) -> Int? {
        switch scalar {
        case "0"..."9": Int(scalar.value - 48)
        case "a"..."z": Int(scalar.value - 97) + 10
        case "A"..."Z": base <= 36 ? Int(scalar.value - 65) + 10 : Int(scalar.value - 65) + 36
        default: nil
        }
    }
}
