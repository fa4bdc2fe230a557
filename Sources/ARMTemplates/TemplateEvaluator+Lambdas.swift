import LocatedJSON
import PostureModel

extension TemplateEvaluator {
    /// A `lambda('a', 'b', body)` argument: its parameter names and unevaluated body.
    struct Lambda {
        var parameters: [String]
        var body: Expression
    }

    private func lambda(_ expression: Expression, arity: ClosedRange<Int>, for function: String, in context: Context) -> Lambda? {
        guard case .call(let name, let arguments, _) = expression, name.lowercased() == "lambda", let body = arguments.last else {
            _ = invalid(function, "a lambda(...) argument", in: context)
            return nil
        }
        var parameters: [String] = []
        for argument in arguments.dropLast() {
            guard case .string(let parameter) = argument else {
                _ = invalid("lambda", "parameter names as string literals", in: context)
                return nil
            }
            parameters.append(parameter)
        }
        guard arity.contains(parameters.count) else {
            _ = invalid(
                function,
                "a lambda with \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)") parameter(s)",
                in: context)
            return nil
        }
        return Lambda(parameters: parameters, body: body)
    }

    private func apply(_ lambda: Lambda, _ values: [Value], in context: Context) -> Value {
        // Once the work budget is spent, every further application is unknown at once, so loops end quickly.
        guard session.spend(at: context.location) else { return context.unknown("evaluation stopped: too much work") }
        var frame: [String: Value] = [:]
        for (name, value) in zip(lambda.parameters, values) { frame[name.lowercased()] = value }
        lambdaFrames.append(frame)
        defer { lambdaFrames.removeLast() }
        return evaluate(lambda.body, in: context)
    }

    func lambdaVariable(_ arguments: [Expression], in context: Context) -> Value {
        guard arguments.count == 1, case .string(let name) = arguments[0] else {
            return invalid("lambdaVariables", "one parameter name", in: context)
        }
        for frame in lambdaFrames.reversed() {
            if let value = frame[name.lowercased()] { return value }
        }
        return invalid("lambdaVariables", "the name of a parameter of an enclosing lambda, not '\(name)'", in: context)
    }

    /// filter, map, reduce, sort, groupBy, mapValues and toObject: the collection is evaluated, the lambda
    /// applied per element. An unknown element makes the result unknown where the lambda must inspect it.
    func lambdaFunction(_ function: String, _ name: String, _ arguments: [Expression], in context: Context) -> Value {
        let expected: ClosedRange<Int> = function == "reduce" ? 3...3 : (function == "toobject" ? 2...3 : 2...2)
        guard expected.contains(arguments.count) else { return invalid(name, "\(expected.lowerBound) argument(s)", in: context) }
        let collection = evaluate(arguments[0], in: context)
        if let unknown = collection.unknown { return context.unknown(unknown.reason) }
        switch function {
        case "mapvalues":
            guard let members = collection.members else { return invalid(name, "an object first", in: context) }
            guard let lambda = lambda(arguments[1], arity: 1...1, for: name, in: context) else { return context.unknown("invalid lambda") }
            return Value(
                .object(members.map { Value.Member(key: $0.key, value: apply(lambda, [$0.value], in: context)) }),
                location: context.location)
        default: break
        }
        guard let elements = collection.elements else { return invalid(name, "an array first", in: context) }
        switch function {
        case "filter":
            guard let lambda = lambda(arguments[1], arity: 1...2, for: name, in: context) else { return context.unknown("invalid lambda") }
            var kept: [Value] = []
            for (index, element) in elements.enumerated() {
                let verdict = apply(lambda, [element, Value(.integer(Int64(index)))], in: context)
                if let unknown = verdict.unknown { return context.unknown(unknown.reason) }
                guard let keep = verdict.boolValue else { return invalid(name, "a lambda that returns a boolean", in: context) }
                if keep { kept.append(element) }
            }
            return Value(.array(kept), location: context.location)
        case "map":
            guard let lambda = lambda(arguments[1], arity: 1...2, for: name, in: context) else { return context.unknown("invalid lambda") }
            var mapped: [Value] = []
            for (index, element) in elements.enumerated() {
                if session.exhausted { return context.unknown("evaluation stopped: too much work") }
                mapped.append(apply(lambda, [element, Value(.integer(Int64(index)))], in: context))
            }
            return Value(.array(mapped), location: context.location)
        case "reduce":
            guard let lambda = lambda(arguments[2], arity: 2...3, for: name, in: context) else { return context.unknown("invalid lambda") }
            var accumulator = evaluate(arguments[1], in: context)
            for (index, element) in elements.enumerated() {
                accumulator = apply(lambda, [accumulator, element, Value(.integer(Int64(index)))], in: context)
            }
            return accumulator
        case "sort":
            guard let lambda = lambda(arguments[1], arity: 2...2, for: name, in: context) else { return context.unknown("invalid lambda") }
            var undecided: Unknown?
            var failed = false
            let sorted = elements.sorted { first, second in
                let verdict = apply(lambda, [first, second], in: context)
                if let unknown = verdict.unknown { undecided = undecided ?? unknown; return false }
                guard let before = verdict.boolValue else { failed = true; return false }
                return before
            }
            if failed { return invalid(name, "a lambda that returns a boolean", in: context) }
            if let undecided { return context.unknown(undecided.reason) }
            return Value(.array(sorted), location: context.location)
        case "groupby":
            guard let lambda = lambda(arguments[1], arity: 1...1, for: name, in: context) else { return context.unknown("invalid lambda") }
            var groups: [(key: String, values: [Value])] = []
            for element in elements {
                let key = apply(lambda, [element], in: context)
                if let unknown = key.unknown { return context.unknown(unknown.reason) }
                guard let text = key.stringValue else { return invalid(name, "a lambda that returns a string key", in: context) }
                if let index = groups.firstIndex(where: { $0.key.caseInsensitiveEquals(text) }) {
                    groups[index].values.append(element)
                } else {
                    groups.append((text, [element]))
                }
            }
            return Value(
                .object(groups.map { Value.Member(key: $0.key, value: Value(.array($0.values), location: context.location)) }),
                location: context.location)
        case "toobject":
            guard let keyLambda = lambda(arguments[1], arity: 1...1, for: name, in: context) else {
                return context.unknown("invalid lambda")
            }
            let valueLambda = arguments.count == 3 ? lambda(arguments[2], arity: 1...1, for: name, in: context) : nil
            if arguments.count == 3, valueLambda == nil { return context.unknown("invalid lambda") }
            var members: [Value.Member] = []
            for element in elements {
                let key = apply(keyLambda, [element], in: context)
                if let unknown = key.unknown { return context.unknown(unknown.reason) }
                guard let text = key.stringValue else { return invalid(name, "a lambda that returns a string key", in: context) }
                let value = valueLambda.map { apply($0, [element], in: context) } ?? element
                members.removeAll { $0.key.caseInsensitiveEquals(text) }
                members.append(Value.Member(key: text, value: value))
            }
            return Value(.object(members), location: context.location)
        default:
            return invalid(name, "a known lambda function", in: context)
        }
    }
}
