import LocatedJSON
import PostureModel

/// Comparison, logical and JSON functions (`if` and `coalesce` are lazy and live in the evaluator).
enum LogicalFunctions {
    static let all: [String: PureFunction] = [
        "equals": { arguments throws(FunctionError) in
            try arguments.expect(2)
            if arguments[0].containsUnknown || arguments[1].containsUnknown {
                return arguments.unknown("a compared value is known only at deployment")
            }
            return Value(.bool(ValueSemantics.equal(arguments[0], arguments[1])))
        },
        // ARM reads null as false in logical functions: Azure Verified Modules pass null for unset flags.
        "not": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return Value(.bool(!(try flag(arguments, 0))))
        },
        "and": { arguments throws(FunctionError) in
            try arguments.expect(2, .max)
            var result = true
            for index in 0..<arguments.count { result = try flag(arguments, index) && result }
            return Value(.bool(result))
        },
        "or": { arguments throws(FunctionError) in
            try arguments.expect(2, .max)
            var result = false
            for index in 0..<arguments.count { result = try flag(arguments, index) || result }
            return Value(.bool(result))
        },
        "bool": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            case .bool(let flag): return Value(.bool(flag))
            case .integer(let number): return Value(.bool(number != 0))
            case .string(let text) where text.lowercased() == "true" || text.lowercased() == "false":
                return Value(.bool(text.lowercased() == "true"))
            default: throw arguments.mismatch(0, "a boolean, an integer, or 'true'/'false'")
            }
        },
        "true": { arguments throws(FunctionError) in
            try arguments.expect(0)
            return Value(.bool(true))
        },
        "false": { arguments throws(FunctionError) in
            try arguments.expect(0)
            return Value(.bool(false))
        },
        "null": { arguments throws(FunctionError) in
            try arguments.expect(0)
            return .null
        },
        "createarray": { arguments throws(FunctionError) in
            Value(.array(arguments.values))
        },
        "json": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let text = try arguments.string(0)
            do throws(JSONSyntaxError) {
                return Value(json: try JSONReader().read(text), file: "").relocated(to: nil)
            } catch {
                throw FunctionError("json() was given text that is not JSON: \(error.message)")
            }
        },
    ]

    private static func flag(_ arguments: Arguments, _ index: Int) throws(FunctionError) -> Bool {
        arguments[index].isNull ? false : try arguments.bool(index)
    }
}
