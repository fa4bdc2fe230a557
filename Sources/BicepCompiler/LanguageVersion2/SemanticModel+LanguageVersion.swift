import BicepSyntax

extension SemanticModel {
    /// Whether the compiler writes this file as a languageVersion 2.0 template (symbolic names), as its
    /// `EmitterSettings.EnableSymbolicNames` decides from the syntax: a `type`, `func`, `import` or `extension`
    /// declaration, a typed variable, a secure output, a module without `name` or whose template has secure outputs,
    /// or type syntax beyond a bare name (`string[]`, `T?`, unions, object and tuple types, `resourceInput<...>`).
    /// Direct access to a looped resource collection is found while compiling (the compiler starts again in 2.0).
    func requiresSymbolicNames(modules: [Int: ResolvedModule]) -> Bool {
        for declaration in tree.declarations {
            switch declaration.kind {
            case .type, .function, .compileTimeImport, .extension: return true
            case .variable(let variable) where variable.type != nil: return true
            case .parameter(let parameter) where !Self.isPlainTypeName(parameter.type): return true
            case .output(let output):
                if declaration.decorators.contains(where: { $0.name == "secure" }) || !Self.isPlainTypeName(output.type) { return true }
            case .module(let module):
                if module.body.object?[property: "name"] == nil { return true }
            default: continue
            }
        }
        for (_, module) in modules {
            guard case .template(let template) = module else { continue }
            for output in template[member: "outputs"]?.members ?? [] {
                if case .string(let type)? = output.value[member: "type"]?.kind,
                    ["securestring", "secureobject"].contains(type.lowercased())
                {
                    return true
                }
            }
        }
        return false
    }

    /// `string`, `int`, `any`, `resource 'T@v'`...: a type languageVersion 1 writes as it is.
    private static func isPlainTypeName(_ type: TypeExpression) -> Bool {
        switch type.kind {
        case .name, .resource: true
        case .parenthesized(let inner): isPlainTypeName(inner)
        default: isResourceDerived(type)
        }
    }

    /// `resourceInput<'T@v'>` or `resourceOutput<'T@v'>`, possibly followed by `.property` steps; languageVersion 1
    /// writes these too.
    static func isResourceDerived(_ type: TypeExpression) -> Bool {
        switch type.kind {
        case .parameterized(_, let name, _): ["resourceInput", "resourceOutput"].contains(name.name)
        case .property(let base, _), .additionalProperties(let base), .items(let base), .parenthesized(let base): isResourceDerived(base)
        default: false
        }
    }
}
