import SourceModel
import LocatedJSON
import PostureModel

/// A value supplied for a template parameter: a literal from a parameter file (never evaluated), a value
/// computed by a parent deployment, or a Key Vault reference resolved only at deployment.
enum SuppliedParameter {
    case literal(JSONValue, file: String)
    case value(Value)
    case keyVaultReference
}

/// Declares a template's `parameters` in its scope, with supplied values or defaults, and its `variables`
/// and user-defined `functions`.
struct ParameterBinding {
    let evaluator: TemplateEvaluator

    /// - Parameters:
    ///   - declarations: the template's `parameters` object.
    ///   - supplied: values by lower-cased name.
    ///   - definitions: the template's user-defined types, which `$ref` may point to.
    func bind(_ declarations: JSONValue?, supplied: [String: SuppliedParameter], definitions: JSONValue? = nil) {
        guard let declarations else { return }
        guard let members = declarations.members else {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: evaluator.location(declarations.position),
                    "expected 'parameters' to be an object, found \(declarations.kindDescription)"))
            return
        }
        for declaration in members {
            let here = evaluator.location(declaration.value.position)
            let expression = "[parameters('\(declaration.key)')]"
            let slot: TemplateScope.Slot
            if Self.isSecret(declaration.value, definitions: definitions) {
                // Secret values are never read, so they can never reach a report or a log. The one exception is
                // an empty default with nothing supplied (`[]`, `{}`, `""`, null): it holds no secret, and
                // modules use it to say "none" (an empty list of connections, for instance).
                let defaultValue = declaration.value[member: "defaultValue"]
                if let given = supplied[declaration.key.lowercased()] { checkConstraints(given, declaration) }
                if supplied[declaration.key.lowercased()] == nil, let empty = defaultValue, Self.isEmpty(empty) {
                    slot = .resolved(Value(json: empty, file: evaluator.file))
                } else if supplied[declaration.key.lowercased()] == nil, defaultValue == nil,
                    declaration.value[member: "nullable"]?.kind == .bool(true)
                {
                    slot = .resolved(Value(.null, location: here))
                } else {
                    slot = .resolved(.unknown(expression, reason: "secure parameter values are not read", at: here))
                }
            } else {
                switch supplied[declaration.key.lowercased()] {
                case .keyVaultReference?:
                    slot = .resolved(.unknown(expression, reason: "the value is a Key Vault reference resolved at deployment", at: here))
                case .literal(let json, _)? where json.kind == .null && declaration.value[member: "defaultValue"] != nil:
                    slot = .pending(declaration.value[member: "defaultValue"]!)  // ARM: a null value takes the default
                case .value(let value)? where value.isNull && declaration.value[member: "defaultValue"] != nil:
                    slot = .pending(declaration.value[member: "defaultValue"]!)
                case .literal(let json, let file)?:
                    let value = Value(json: json, file: file)
                    checkConstraints(.literal(json, file: file), declaration)
                    check(value, against: declaration)
                    slot = .resolved(value)
                case .value(let value)?:
                    checkConstraints(.value(value), declaration)
                    check(value, against: declaration)
                    slot = .resolved(value)
                case nil:
                    if let defaultValue = declaration.value[member: "defaultValue"] {
                        slot = .pending(defaultValue)
                    } else if declaration.value[member: "nullable"]?.kind == .bool(true) {
                        slot = .resolved(Value(.null, location: here))
                    } else {
                        evaluator.report(
                            Diagnostic(
                                .invalidParameterFile, .note, at: here,
                                "required parameter '\(declaration.key)' has no value; rules that depend on it report unknown"))
                        slot = .resolved(
                            .unknown(
                                expression, reason: "required parameter '\(declaration.key)' has no value; pass a parameter file", at: here)
                        )
                    }
                }
            }
            evaluator.scope.declareParameter(declaration.key, at: declaration.keyPosition, value: slot, schema: declaration.value)
        }
    }

    /// A supplied value of the wrong type is an error at the value, as ARM refuses the deployment; one outside
    /// `minValue`/`maxValue`/`minLength`/`maxLength` a warning (see ``ParameterConstraints``). A parameter file's
    /// string written as an expression (`[...]`) is not checked: its type is known only once it is evaluated.
    private func checkConstraints(_ supplied: SuppliedParameter, _ declaration: JSONMember) {
        let value: Value
        let code: Diagnostic.Code
        switch supplied {
        case .keyVaultReference: return
        case .literal(let json, let file):
            if let text = json.stringValue, text.hasPrefix("["), !text.hasPrefix("[[") { return }
            value = Value(json: json, file: file)
            code = .invalidParameterFile
        case .value(let given):
            value = given
            code = .invalidTemplate
        }
        for problem in ParameterConstraints(name: declaration.key, declaration: declaration.value).problems(value) {
            evaluator.report(
                Diagnostic(
                    code, problem.isTypeMismatch ? .error : .warning, at: value.location ?? evaluator.location(declaration.keyPosition),
                    "\(problem.message); Azure would reject this deployment"))
        }
    }

    /// A supplied value outside `allowedValues` is a warning; expansion goes on with the value given, so the
    /// placeholders of published examples (`<name>`) still let the rest of the template be judged.
    private func check(_ value: Value, against declaration: JSONMember) {
        // Null is how nullable parameters say "not set"; allowedValues constrain only values that are set.
        guard let allowed = declaration.value[member: "allowedValues"]?.elements, !value.containsUnknown, !value.isNull else { return }
        let candidates = value.elements ?? [value]
        let allowedValues = allowed.map { Value(json: $0, file: evaluator.file) }
        for candidate in candidates where !allowedValues.contains(where: { Self.allowedEqual($0, candidate) }) {
            let list = allowedValues.map(\.displayText).joined(separator: ", ")
            evaluator.report(
                Diagnostic(
                    .invalidParameterFile, .warning, at: candidate.location ?? evaluator.location(declaration.keyPosition),
                    "parameter '\(declaration.key)' is \(candidate.displayText), which is not one of its allowed values: \(list)"))
        }
    }

    private static func allowedEqual(_ allowed: Value, _ candidate: Value) -> Bool {
        if let a = allowed.stringValue, let b = candidate.stringValue { return a.caseInsensitiveEquals(b) }
        return ValueSemantics.equal(allowed, candidate)
    }

    /// `variables`, including `copy` loops that build arrays.
    func declareVariables(_ node: JSONValue?) {
        guard let members = node?.members else { return }
        for variable in members {
            guard variable.key.caseInsensitiveEquals("copy") else {
                evaluator.scope.declareVariable(variable.key, definition: variable.value)
                continue
            }
            guard let loops = variable.value.elements else {
                evaluator.report(
                    Diagnostic(
                        .invalidTemplate, at: evaluator.location(variable.value.position),
                        "expected 'copy' in 'variables' to be an array of {name, count, input}"))
                continue
            }
            for loop in loops {
                guard let name = loop[member: "name"]?.stringValue else {
                    evaluator.report(
                        Diagnostic(
                            .invalidTemplate, at: evaluator.location(loop.position), "expected a string 'name' in this variable copy loop"))
                    continue
                }
                evaluator.scope.declareCopiedVariable(name, loop: loop)
            }
        }
    }

    /// `functions`: `[{namespace, members: {name: {parameters: [{name}], output: {value}}}}]`.
    func declareFunctions(_ node: JSONValue?) {
        guard let namespaces = node?.elements else { return }
        for namespace in namespaces {
            guard let prefix = namespace[member: "namespace"]?.stringValue, let members = namespace[member: "members"]?.members else {
                evaluator.report(
                    Diagnostic(
                        .invalidTemplate, at: evaluator.location(namespace.position),
                        "expected 'namespace' and 'members' in this user-defined function namespace"))
                continue
            }
            for member in members {
                guard let output = member.value[member: "output"]?[member: "value"] else {
                    evaluator.report(
                        Diagnostic(
                            .invalidTemplate, at: evaluator.location(member.value.position),
                            "expected 'output.value' in user-defined function '\(prefix).\(member.key)'"))
                    continue
                }
                let parameters = member.value[member: "parameters"]?.elements?.compactMap { $0[member: "name"]?.stringValue } ?? []
                evaluator.scope.declareFunction(
                    "\(prefix).\(member.key)", TemplateScope.UserFunction(parameters: parameters, output: output))
            }
        }
    }

    private static func isEmpty(_ json: JSONValue) -> Bool {
        switch json.kind {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let elements): elements.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    /// A parameter is secret when its type, or any type inside it (object properties, array items, a `$ref`
    /// to a user-defined type), is `securestring` or `secureobject`; its value is then never read.
    static func isSecret(_ schema: JSONValue, definitions: JSONValue?, depth: Int = 0) -> Bool {
        guard depth < 32, schema.members != nil else { return false }
        if let type = schema[member: "type"]?.stringValue?.lowercased(), type == "securestring" || type == "secureobject" { return true }
        if schema[member: "metadata"]?[member: "__bicep_secure"]?.kind == .bool(true) { return true }
        if let reference = schema[member: "$ref"]?.stringValue, reference.hasPrefix("#/definitions/"),
            let target = definitions?[member: String(reference.dropFirst("#/definitions/".count))],
            isSecret(target, definitions: definitions, depth: depth + 1)
        {
            return true
        }
        let nested =
            (schema[member: "properties"]?.members?.map(\.value) ?? [])
            + [schema[member: "items"], schema[member: "additionalProperties"]].compactMap { $0 }
            + (schema[member: "prefixItems"]?.elements ?? [])
        return nested.contains { isSecret($0, definitions: definitions, depth: depth + 1) }
    }
}
