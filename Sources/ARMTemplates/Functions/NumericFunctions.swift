import Foundation
import PostureModel

/// Integer arithmetic (64-bit, overflow is an error), conversions, and the ordering comparisons of ARM templates.
/// `max` and `min` live with the array functions.
enum NumericFunctions {
    static let all: [String: PureFunction] = [
        "add": { arguments throws(FunctionError) in try arithmetic(arguments, "+") { $0.addingReportingOverflow($1) } },
        "sub": { arguments throws(FunctionError) in try arithmetic(arguments, "-") { $0.subtractingReportingOverflow($1) } },
        "mul": { arguments throws(FunctionError) in try arithmetic(arguments, "*") { $0.multipliedReportingOverflow(by: $1) } },
        "div": { arguments throws(FunctionError) in
            try arithmetic(arguments, "/", divides: true) { $0.dividedReportingOverflow(by: $1) }
        },
        "mod": { arguments throws(FunctionError) in
            try arithmetic(arguments, "%", divides: true) { $0.remainderReportingOverflow(dividingBy: $1) }
        },
        "int": { arguments throws(FunctionError) in
            try arguments.expect(1)
            if let text = arguments[0].stringValue {
                guard let number = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                    throw FunctionError("int() cannot convert '\(text)' to a 64-bit integer")
                }
                return Value(.integer(number))
            }
            return Value(.integer(try arguments.integer(0)))
        },
        "float": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            case .integer(let number): return Value(.double(Double(number)))
            case .double(let number): return Value(.double(number))
            case .string(let text):
                guard let number = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), number.isFinite else {
                    throw FunctionError("float() cannot convert '\(text)' to a number")
                }
                return Value(.double(number))
            default: throw arguments.mismatch(0, "a string or int")
            }
        },
        "greater": { arguments throws(FunctionError) in try order(arguments) { $0 > 0 } },
        "greaterorequals": { arguments throws(FunctionError) in try order(arguments) { $0 >= 0 } },
        "less": { arguments throws(FunctionError) in try order(arguments) { $0 < 0 } },
        "lessorequals": { arguments throws(FunctionError) in try order(arguments) { $0 <= 0 } },
    ]

    /// Two integer operands combined by an overflow-reporting operation; division by zero and overflow are errors.
    private static func arithmetic(
        _ arguments: Arguments, _ symbol: String, divides: Bool = false,
        _ operation: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
    ) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let (lhs, rhs) = (try arguments.integer(0), try arguments.integer(1))
        if divides, rhs == 0 { throw FunctionError("\(arguments.function)() cannot divide by zero") }
        let (result, overflow) = operation(lhs, rhs)
        guard !overflow else {
            throw FunctionError("\(arguments.function)() overflows a 64-bit integer: \(lhs) \(symbol) \(rhs)")
        }
        return Value(.integer(result))
    }

    /// Compares two numbers, or two strings as Azure does, and tests the sign; anything else is an error.
    private static func order(_ arguments: Arguments, _ test: (Int) -> Bool) throws(FunctionError) -> Value {
        try arguments.expect(2)
        switch (arguments[0].kind, arguments[1].kind) {
        case (.integer(let lhs), .integer(let rhs)): return Value(.bool(test(lhs < rhs ? -1 : (lhs == rhs ? 0 : 1))))
        case (.string(let lhs), .string(let rhs)):
            // .NET's culture-aware sort (ICU) and the Windows word sort (NLS, which sets hyphens and apostrophes
            // aside) agree except on such punctuation; where they disagree the answer depends on Azure's host.
            let sign = compareText(lhs, rhs)
            let wordSort = compareText(wordSortKey(lhs), wordSortKey(rhs))
            guard wordSort == 0 || wordSort == sign else {
                return arguments.unknown("the order of the two strings depends on how .NET sorts hyphens and apostrophes")
            }
            return Value(.bool(test(sign)))
        default:
            if let lhs = arguments[0].numberValue, let rhs = arguments[1].numberValue {
                return Value(.bool(test(lhs < rhs ? -1 : (lhs == rhs ? 0 : 1))))
            }
            throw FunctionError(
                "\(arguments.function)() compares two numbers or two strings, got \(arguments[0].kindName) and \(arguments[1].kindName)")
        }
    }

    private static func wordSortKey(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "-" && $0 != "'" && $0 != "\u{AD}" }.map(Character.init))
    }

    private static let collation = Locale(identifier: "en_US")

    /// Azure orders strings with .NET's culture-aware comparison, not ordinally: letters compare alphabetically
    /// whatever their case, and only then does lower case come first, so `greater('A', 'a')` is true (as the
    /// documented example shows) although 'A' precedes 'a' in code point order.
    static func compareText(_ lhs: String, _ rhs: String) -> Int {
        switch lhs.compare(rhs, options: [], range: nil, locale: collation) {
        case .orderedAscending: -1
        case .orderedSame: 0
        case .orderedDescending: 1
        }
    }
}
