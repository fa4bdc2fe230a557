import BicepSyntax

extension TemplateEmitter {
    /// A Bicep value as JSON: literals, objects and arrays as themselves, anything else as a `"[...]"` expression.
    func value(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> TemplateValue {
        let range = expression.range
        switch expression.kind {
        case .object(let object) where !object.items.contains(where: Self.isSpread):
            return TemplateValue(.object(try members(object, environment)), range: range)
        case .array(let items) where !items.contains(where: { if case .spread = $0 { true } else { false } }):
            var values: [TemplateValue] = []
            for case .element(let element) in items { values.append(try value(element, environment)) }
            return TemplateValue(.array(values), range: range)
        case .integer(let integer): return TemplateValue(.integer(Int64(clamping: integer)), range: range)
        case .unary(.minus, let operand):
            if case .integer(let integer) = operand.kind { return TemplateValue(.integer(-Int64(clamping: integer)), range: range) }
        case .boolean(let boolean): return TemplateValue(.bool(boolean), range: range)
        case .null: return TemplateValue(.null, range: range)
        case .parenthesized(let inner), .nonNullAssertion(let inner): return try value(inner, environment)
        case .variable(let identifier)
        where environment.locals[identifier.name] == nil && converter.inlinedVariables.contains(identifier.name):
            if let variable = model.variables[identifier.name] { return try value(variable.value, .empty) }
        case .call(let call) where ExpressionConverter.isScopeWithoutARMValue(call):
            return TemplateValue(.object([]), range: range)
        case .call(let call)
        where (call.name.name == "loadJsonContent" || call.name.name == "loadYamlContent") && converter.functionVariables[call] == nil:
            if let loaded = try converter.load(call, environment) { return loaded.value }
        case .call(let call) where call.name.name == "any" && call.arguments.count == 1 && (call.base == nil || call.namespace == "sys"):
            return try value(call.arguments[0], environment)
        default: break
        }
        return expressionValue(try converter.convert(expression, environment), range: range)
    }

    /// The intermediate `$fxv#N` variables of the file's `load*` calls, each holding the loaded value.
    func functionVariableMembers() throws(CompileFailure) -> [TemplateMember] {
        var members: [(Int, TemplateMember)] = []
        for (call, name) in converter.functionVariables {
            guard let loaded = try converter.load(call, .empty) else {
                throw .unsupported("the compile-time function '\(call.name.name)'", at: call.range, in: file)
            }
            members.append((Int(name.dropFirst("$fxv#".count)) ?? 0, TemplateMember(key: name, value: loaded.value, range: call.range)))
        }
        return members.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// An ARM expression as a JSON value: an integer literal as a number, anything else as a string.
    func expressionValue(_ expression: ARMExpression, range: SourceRange) -> TemplateValue {
        if case .integer(let integer) = expression { return TemplateValue(.integer(integer), range: range) }
        return TemplateValue(.string(expression.templateString), range: range)
    }

    private static func isSpread(_ item: ObjectItem) -> Bool {
        if case .spread = item { return true }
        return false
    }

    /// An object literal's members; properties whose value is a `for` loop go first, into one `copy` array.
    func members(_ object: ObjectLiteral, _ environment: Environment, omitting omitted: Set<String> = []) throws(CompileFailure)
        -> [TemplateMember]
    {
        var copies: [TemplateValue] = []
        var members: [TemplateMember] = []
        for property in object.properties {
            if let name = property.key.name, omitted.contains(name) { continue }
            if case .forLoop(let loop) = property.value.kind {
                guard let name = property.key.name else {
                    throw .invalid(
                        "expected a literal key for a property loop, found an interpolated key", at: property.key.range, in: file)
                }
                copies.append(try copyObject(name: name, loop, environment, range: property.value.range))
                continue
            }
            members.append(
                TemplateMember(
                    key: try key(property.key, environment), value: try value(property.value, environment), range: property.key.range))
        }
        if !copies.isEmpty {
            let range = copies[0].range
            members.insert(TemplateMember(key: "copy", value: TemplateValue(.array(copies), range: range), range: range), at: 0)
        }
        return members
    }

    /// An object key as the compiler writes it: the text (a leading `[` doubled), `[string('copy')]` for a key
    /// named `copy`, `[format(...)]` for an interpolated key.
    func key(_ key: PropertyKey, _ environment: Environment) throws(CompileFailure) -> String {
        let text = try converter.key(key, environment).templateString
        return text.lowercased() == "copy" ? "[string('\(text)')]" : text
    }

    /// `{"name": ..., "count": "[length(source)]", "input": ...}` for a variable, output or property loop.
    func copyObject(name: String?, _ loop: ForExpression, _ environment: Environment, range: SourceRange) throws(CompileFailure)
        -> TemplateValue
    {
        let source = try converter.convert(loop.source, environment)
        let inner = environment.binding(loop, source: source, index: .copyIndex(name))
        var members: [TemplateMember] = []
        if let name { members.append(member("name", .string(name), range)) }
        members.append(member("count", .string(ARMExpression.function("length", source).templateString), range))
        members.append(TemplateMember(key: "input", value: try loopInput(loop.body, inner), range: loop.body.range))
        return TemplateValue(.object(members), range: range)
    }

    /// A copy loop's `input`: objects and string literals as they are, anything else as an expression (ARM takes
    /// only strings and objects there, so a number becomes `[int(1)]`).
    func loopInput(_ body: Expression, _ environment: Environment) throws(CompileFailure) -> TemplateValue {
        switch body.kind {
        case .object(let object) where !object.items.contains(where: Self.isSpread): return try value(body, environment)
        case .string(let literal) where literal.value != nil: return try value(body, environment)
        default:
            return TemplateValue(.string(try converter.convert(body, environment).asCall.templateString), range: body.range)
        }
    }

    /// Adds a member, replacing one with the same key; two objects are merged, as the compiler's `MergeProperty`.
    static func merge(_ members: inout [TemplateMember], _ new: TemplateMember) {
        guard let index = members.firstIndex(where: { $0.key == new.key }) else { return members.append(new) }
        if case .object(var existing) = members[index].value.kind, case .object(let added) = new.value.kind {
            for member in added { merge(&existing, member) }
            members[index].value.kind = .object(existing)
        } else {
            members[index].value = new.value
        }
    }
}
