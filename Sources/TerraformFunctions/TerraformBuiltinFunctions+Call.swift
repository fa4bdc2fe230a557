import PostureModel
public import TerraformModel

extension TerraformBuiltinFunctions {
    /// The result of `name(arguments...)` as Terraform computes it.
    ///
    /// A null argument where the function takes none is an error; an unknown argument (or one with an unknown
    /// inside) where the function needs it known makes the result unknown; a sensitive argument makes the result
    /// sensitive. `core::name` is `name`; `provider::...` functions belong to providers and are unknown functions.
    /// - Throws: `.unknownFunction` for a name Terraform does not define, `.invalidArguments` for a wrong count or
    ///   type, `.failed` when Terraform's call fails.
    public func call(_ name: String, _ arguments: [TerraformValue], context: TerraformFunctionContext) throws(TerraformFunctionError)
        -> TerraformValue
    {
        let bareName = name.hasPrefix("core::") ? String(name.dropFirst("core::".count)) : name
        guard let definition = Self.table[bareName] else { throw .unknownFunction(name) }
        try Self.checkCount(arguments.count, of: definition, function: bareName)
        let sensitive = !definition.handlesSensitivity && arguments.contains { $0.containsSensitive }

        var result: TerraformValue
        do {
            if let unknown = try Self.unknownResult(bareName, arguments, definition) {
                result = unknown
            } else if let reason = definition.unknownReason {
                // Still check the arguments' types where the function has them (`bcrypt(list)` is an error).
                _ = try definition.body(Arguments(function: bareName, values: arguments, definition: definition, context: context))
                result = .unknown(Self.expression(bareName, arguments), reason: reason)
            } else {
                result = try definition.body(Arguments(function: bareName, values: arguments, definition: definition, context: context))
            }
        } catch {
            throw Self.scrubbed(error, arguments)
        }
        if sensitive { result = result.markedSensitive() }
        return result.locating(missingAt: context.location)
    }

    /// The error with every sensitive text of the arguments replaced, so that no message prints a secret.
    private static func scrubbed(_ error: TerraformFunctionError, _ arguments: [TerraformValue]) -> TerraformFunctionError {
        var secrets: [String] = []
        func collect(_ value: TerraformValue, sensitive: Bool, depth: Int) {
            guard depth < 64 else { return }
            let marked = sensitive || value.isSensitive
            switch value.kind {
            case .string(let text) where marked && !text.isEmpty: secrets.append(text)
            case .number(let number) where marked: secrets.append(NumberText.plain(number))
            case .list(let elements), .set(let elements), .tuple(let elements):
                for element in elements { collect(element, sensitive: marked, depth: depth + 1) }
            case .map(let members), .object(let members):
                for (key, member) in members {
                    if marked { secrets.append(key) }
                    collect(member, sensitive: marked, depth: depth + 1)
                }
            default: break
            }
        }
        for argument in arguments { collect(argument, sensitive: false, depth: 0) }
        guard !secrets.isEmpty else { return error }
        func scrub(_ message: String) -> String {
            let whole = secrets.sorted { $0.count > $1.count }.reduce(message) { $0.replacing($1, with: "(sensitive value)") }
            // A quoted piece of a secret (`cannot use "hunt" as year`) goes too.
            return whole.replacing(/"[^"]+"/) { match in
                let inner = match.output.dropFirst().dropLast()
                return secrets.contains { $0.contains(inner) } ? "\"(sensitive value)\"" : String(match.output)
            }
        }
        switch error {
        case .unknownFunction: return error
        case .invalidArguments(let function, let message): return .invalidArguments(function: function, message: scrub(message))
        case .failed(let function, let message): return .failed(function: function, message: scrub(message))
        }
    }

    static func checkCount(_ count: Int, of definition: FunctionDefinition, function: String) throws(TerraformFunctionError) {
        let minimum = definition.parameters.count - definition.optionalCount
        let maximum = definition.variadic == nil ? definition.parameters.count : Int.max
        guard count < minimum || count > maximum else { return }
        let expected: String
        if definition.variadic != nil {
            expected = "at least \(minimum) argument\(minimum == 1 ? "" : "s")"
        } else if minimum == maximum {
            expected = "exactly \(minimum) argument\(minimum == 1 ? "" : "s")"
        } else {
            expected = "\(minimum) to \(maximum) arguments"
        }
        throw .invalidArguments(function: function, message: "\(function)\(definition.signature) takes \(expected), got \(count)")
    }

    /// Nulls where the function allows none are errors; unknowns where it needs known values make the result unknown.
    private static func unknownResult(_ name: String, _ arguments: [TerraformValue], _ definition: FunctionDefinition)
        throws(TerraformFunctionError) -> TerraformValue?
    {
        var unknownReason: String?
        for (index, argument) in arguments.enumerated() {
            guard let parameter = definition.parameter(at: index) else { continue }
            if argument.isNull, !parameter.allowsNull {
                throw .invalidArguments(
                    function: name, message: "invalid value for \"\(parameter.name)\" parameter: argument must not be null")
            }
            guard !parameter.allowsUnknown, unknownReason == nil else { continue }
            if case .unknown(let unknown) = argument.kind {
                unknownReason = unknown.reason
            } else if !definition.passesNestedUnknowns, let unknown = argument.firstUnknown {
                unknownReason = unknown.reason
            }
        }
        return unknownReason.map { .unknown(expression(name, arguments), reason: $0) }
    }

    /// How an unknown result names the call: `upper(var.name)`, with long arguments shortened.
    static func expression(_ name: String, _ arguments: [TerraformValue]) -> String {
        let rendered = arguments.map { argument -> String in
            let text: String
            if case .unknown(let unknown) = argument.kind, !argument.isSensitive {
                text = unknown.expression
            } else {
                text = argument.rendered
            }
            return text.count > 60 ? String(text.prefix(57)) + "..." : text
        }
        return "\(name)(\(rendered.joined(separator: ", ")))"
    }
}

extension TerraformValue {
    /// Marked sensitive itself, or anything inside it.
    var containsSensitive: Bool {
        if isSensitive { return true }
        switch kind {
        case .list(let elements), .set(let elements), .tuple(let elements): return elements.contains { $0.containsSensitive }
        case .map(let members), .object(let members): return members.values.contains { $0.containsSensitive }
        default: return false
        }
    }

    /// The first unknown in the value, depth first.
    var firstUnknown: Unknown? {
        switch kind {
        case .unknown(let unknown): return unknown
        case .list(let elements), .set(let elements), .tuple(let elements): return elements.lazy.compactMap(\.firstUnknown).first
        case .map(let members), .object(let members):
            return members.sorted { $0.key < $1.key }.lazy.compactMap(\.value.firstUnknown).first
        default: return nil
        }
    }

    /// The same value with no sensitive mark anywhere inside it.
    func unmarked() -> TerraformValue {
        var copy = self
        copy.isSensitive = false
        switch kind {
        case .list(let elements): copy.kind = .list(elements.map { $0.unmarked() })
        case .set(let elements): copy.kind = .set(elements.map { $0.unmarked() })
        case .tuple(let elements): copy.kind = .tuple(elements.map { $0.unmarked() })
        case .map(let members): copy.kind = .map(members.mapValues { $0.unmarked() })
        case .object(let members): copy.kind = .object(members.mapValues { $0.unmarked() })
        default: break
        }
        return copy
    }
}
