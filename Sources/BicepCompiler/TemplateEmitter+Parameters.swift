import BicepSyntax

extension TemplateEmitter {
    /// `"name": {"type": ..., "defaultValue": ..., then what each decorator adds}`. The compiler applies the
    /// decorators from the last written to the first, each adding its property at the end (or merging into it).
    func emitParameter(_ parameter: ParameterDeclaration, _ declaration: Declaration) throws(CompileFailure) -> TemplateMember {
        var members: [TemplateMember] = []
        // An `any` parameter has no ARM type: the compiler writes no "type" for it.
        let isAny = if case .name(let identifier) = parameter.type.kind { identifier.name == "any" } else { false }
        if SemanticModel.isResourceDerived(parameter.type) {
            members = try typeProperties(parameter.type)
        } else if !isAny {
            members.append(member("type", .string(try typeName(parameter.type)), parameter.type.range))
        }
        if let defaultValue = parameter.defaultValue {
            members.append(TemplateMember(key: "defaultValue", value: try value(defaultValue, .empty), range: defaultValue.range))
        }
        try applyDecorators(declaration.decorators, to: &members, allowing: Self.parameterDecorators)
        return TemplateMember(
            key: parameter.name.name, value: TemplateValue(.object(members), range: declaration.range), range: parameter.name.range)
    }

    /// `"name": {"type": ..., "metadata": ..., "value": ...}`, or `"copy"` for a loop.
    func emitOutput(_ output: OutputDeclaration, _ declaration: Declaration) throws(CompileFailure) -> TemplateMember {
        if declaration.decorators.contains(where: { $0.name == "secure" }) {
            throw .unsupported("secure outputs (the compiler emits languageVersion 2.0 for them)", at: declaration.range, in: file)
        }
        var members =
            SemanticModel.isResourceDerived(output.type)
            ? try typeProperties(output.type) : [member("type", .string(try typeName(output.type)), output.type.range)]
        try applyDecorators(declaration.decorators, to: &members, allowing: ["description", "metadata"])
        if case .forLoop(let loop) = output.value.kind {
            members.append(
                TemplateMember(
                    key: "copy", value: try copyObject(name: nil, loop, .empty, range: output.value.range), range: output.value.range))
        } else {
            members.append(TemplateMember(key: "value", value: try value(output.value, .empty), range: output.value.range))
        }
        return TemplateMember(
            key: output.name.name, value: TemplateValue(.object(members), range: declaration.range), range: output.name.range)
    }

    static let parameterDecorators: Set<String> = [
        "secure", "allowed", "description", "metadata", "minLength", "maxLength", "minValue", "maxValue",
    ]

    /// Applies decorators last to first, as the compiler evaluates them; `@description` wins over a description
    /// given in `@metadata`, whatever their order.
    func applyDecorators(_ decorators: [Decorator], to members: inout [TemplateMember], allowing allowed: Set<String>)
        throws(CompileFailure)
    {
        let descriptions = decorators.filter { $0.name == "description" }
        for decorator in decorators.reversed() + descriptions.suffix(1) {
            guard let name = decorator.name, allowed.contains(name) else {
                throw .unsupported("the decorator '@\(decorator.name ?? "?")' here", at: decorator.range, in: file)
            }
            let arguments = decorator.arguments
            let range = decorator.range
            switch name {
            case "secure":
                guard let index = members.firstIndex(where: { $0.key == "type" }) else { continue }
                if case .string(let type) = members[index].value.kind {
                    if type == "string" { members[index].value.kind = .string("securestring") }
                    if type == "object" { members[index].value.kind = .string("secureObject") }
                }
            case "description":
                guard arguments.count == 1 else { throw .invalid("expected one argument to @description", at: range, in: file) }
                let description = TemplateMember(key: "description", value: try value(arguments[0], .empty), range: range)
                Self.merge(
                    &members, TemplateMember(key: "metadata", value: TemplateValue(.object([description]), range: range), range: range))
            default:
                guard arguments.count == 1 else { throw .invalid("expected one argument to @\(name)", at: range, in: file) }
                let key = name == "allowed" ? "allowedValues" : name
                Self.merge(&members, TemplateMember(key: key, value: try value(arguments[0], .empty), range: range))
            }
        }
    }
}
