import LocatedJSON
import PostureModel

/// Why a template function could not produce a value: wrong argument count or types, out-of-range input,
/// or `fail()`. The evaluator reports it at the expression's location and the value becomes unknown.
struct FunctionError: Error, Sendable, Hashable {
    var message: String
    /// The function would build a value past ``EvaluationLimits/maximumValueBytes``: an error, not a warning.
    var exceedsLimit = false

    init(_ message: String, exceedsLimit: Bool = false) {
        self.message = message
        self.exceedsLimit = exceedsLimit
    }
}

/// A template function that depends only on its evaluated arguments. Arguments are never unknown at the top
/// level (the evaluator answers unknown before calling), but arrays and objects may hold unknown elements,
/// which a function must carry along or, where it needs to inspect them, answer with ``Arguments/unknown``.
typealias PureFunction = @Sendable (Arguments) throws(FunctionError) -> Value

/// The evaluated arguments of one call, with typed accessors that throw ARM-style messages.
struct Arguments: Sendable {
    let function: String
    let values: [Value]

    var count: Int { values.count }
    subscript(index: Int) -> Value { values[index] }

    /// Requires between `minimum` and `maximum` arguments.
    func expect(_ minimum: Int, _ maximum: Int? = nil) throws(FunctionError) {
        let upper = maximum ?? minimum
        guard values.count >= minimum, values.count <= upper else {
            let expected = minimum == upper ? "\(minimum)" : (maximum == .max ? "at least \(minimum)" : "\(minimum) to \(upper)")
            let plural = (minimum == upper ? minimum : upper) == 1 || (maximum == .max && minimum == 1) ? "" : "s"
            throw FunctionError("\(function)() takes \(expected) argument\(plural), got \(values.count)")
        }
    }

    func string(_ index: Int) throws(FunctionError) -> String {
        guard let text = values[index].stringValue else { throw mismatch(index, "a string") }
        return text
    }

    func integer(_ index: Int) throws(FunctionError) -> Int64 {
        switch values[index].kind {
        case .integer(let number): return number
        case .double(let number) where number.rounded() == number && abs(number) < 9.2e18: return Int64(number)
        default: throw mismatch(index, "an integer")
        }
    }

    func bool(_ index: Int) throws(FunctionError) -> Bool {
        guard let flag = values[index].boolValue else { throw mismatch(index, "a boolean") }
        return flag
    }

    func array(_ index: Int) throws(FunctionError) -> [Value] {
        guard let elements = values[index].elements else { throw mismatch(index, "an array") }
        return elements
    }

    func object(_ index: Int) throws(FunctionError) -> [Value.Member] {
        guard let members = values[index].members else { throw mismatch(index, "an object") }
        return members
    }

    func mismatch(_ index: Int, _ expected: String) -> FunctionError {
        FunctionError("\(function)() expects \(expected) as argument \(index + 1), got \(values[index].kindName)")
    }

    /// An unknown result whose reason names this function, for values that depend on unknown elements.
    func unknown(_ reason: String) -> Value {
        .unknown("[\(function)(...)]", reason: reason)
    }
}

extension Value {
    /// The ARM name of the value's type, for messages: "string", "int", "bool", "array", "object", "null".
    var kindName: String {
        switch kind {
        case .null: "null"
        case .bool: "bool"
        case .integer: "int"
        case .double: "float"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .unknown: "a value known only at deployment"
        }
    }
}

/// Every pure function, by lower-cased name. Each category file contributes its table.
enum FunctionLibrary {
    static let pure: [String: PureFunction] = {
        var table: [String: PureFunction] = [:]
        let categories = [
            StringFunctions.all, EncodingFunctions.all, LogicalFunctions.all, ArrayFunctions.all, ObjectFunctions.all,
            NumericFunctions.all, DateFunctions.all, CIDRFunctions.all, HashFunctions.all,
        ]
        for category in categories {
            table.merge(category) { first, _ in first }
        }
        return table
    }()
}
