import BicepSyntax

/// Type names and accesses into them: `{"$ref": "#/definitions/name/properties/p"}` for declared and imported types,
/// and the compiled type plus `metadata.__bicep_resource_derived_type!` for `resourceInput<'T@v'>.path` and
/// `resourceOutput<...>`.
extension TemplateEmitter {
    private enum Resolution {
        /// A pointer into `definitions`, with the type syntax found there (nil for an imported definition, which
        /// comes from JSON).
        case definition(pointer: [String], declaration: TypeExpression?)
        case resourceDerived(source: String, segments: [String], output: Bool)
    }

    func reference(_ type: TypeExpression) throws(CompileFailure) -> [TemplateMember] {
        let range = type.range
        if isUnrestoredImport(type) { return [] }
        switch try resolve(type) {
        case .definition(let pointer, _):
            return [member("$ref", .string((["#"] + pointer.map(Self.escapePointer)).joined(separator: "/")), range)]
        case .resourceDerived(let source, let segments, let output):
            let pointer = segments.isEmpty ? source : source + "#" + segments.map(Self.escapePointer).joined(separator: "/")
            var derived = [member("source", .string(pointer), range)]
            if output { derived.append(member("output", .bool(true), range)) }
            var members: [TemplateMember] = []
            if let name = ResourceDerivedTypes.typeName(source: pointer) { members.append(member("type", .string(name), range)) }
            members.append(member("metadata", .object([member("__bicep_resource_derived_type!", .object(derived), range)]), range))
            return members
        }
    }

    /// Whether the type is (or steps into) a name imported from a registry artifact that is not restored.
    private func isUnrestoredImport(_ type: TypeExpression) -> Bool {
        switch type.kind {
        case .name(let identifier):
            declaredTypes[identifier.name] == nil && imports.types[identifier.name] == nil && imports.unrestored[identifier.name] != nil
        case .property(let base, _), .additionalProperties(let base), .items(let base), .index(let base, _), .parenthesized(let base):
            isUnrestoredImport(base)
        default: false
        }
    }

    static func escapePointer(_ segment: String) -> String {
        segment.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    private func resolve(_ type: TypeExpression) throws(CompileFailure) -> Resolution {
        switch type.kind {
        case .name(let identifier):
            if let declared = declaredTypes[identifier.name] {
                return .definition(pointer: ["definitions", identifier.name], declaration: declared.type)
            }
            if let imported = imports.types[identifier.name] { return .definition(pointer: ["definitions", imported], declaration: nil) }
            throw CompileFailure(
                diagnostic: .init(
                    .unknownType, at: identifier.range.location(in: file),
                    "unknown type '\(identifier.name)': expected string, int, bool, object, array, any, or a declared or imported type"))
        case .parenthesized(let inner): return try resolve(inner)
        case .parameterized(let base, let name, let arguments):
            if let base, case .name(let namespace) = base.kind, namespace.name != "sys" {
                throw .unsupported("the parameterized type '\(namespace.name).\(name.name)'", at: type.range, in: file)
            }
            guard ["resourceInput", "resourceOutput"].contains(name.name), arguments.count == 1,
                case .string(let literal) = arguments[0].kind, let text = literal.value
            else { throw .unsupported("the parameterized type '\(name.name)<...>'", at: type.range, in: file) }
            let source = text.hasPrefix("az:") ? String(text.dropFirst(3)) : text
            return .resourceDerived(source: source, segments: [], output: name.name == "resourceOutput")
        case .property(let base, let name):
            if case .name(let namespace) = base.kind, let members = imports.wildcardTypes[namespace.name],
                declaredTypes[namespace.name] == nil
            {
                guard let imported = members[name.name] else {
                    throw .init(
                        diagnostic: .init(
                            .unknownType, at: name.range.location(in: file),
                            "unknown type '\(namespace.name).\(name.name)': the imported template exports no type with this name"))
                }
                return .definition(pointer: ["definitions", imported], declaration: nil)
            }
            return try access(try resolve(base), .property(name.name), type)
        case .additionalProperties(let base): return try access(try resolve(base), .additionalProperties, type)
        case .items(let base): return try access(try resolve(base), .items, type)
        case .index(let base, let index):
            guard case .integer(let position) = index.kind else {
                throw .invalid("expected an integer literal as a tuple type index", at: index.range, in: file)
            }
            return try access(try resolve(base), .index(Int(clamping: position)), type)
        default:
            throw .unsupported("this type expression as a type reference", at: type.range, in: file)
        }
    }

    private enum Step {
        case property(String), additionalProperties, items, index(Int)

        var segments: [String] {
            switch self {
            case .property(let name): ["properties", name]
            case .additionalProperties: ["additionalProperties"]
            case .items: ["items"]
            case .index(let position): ["prefixItems", String(position)]
            }
        }
    }

    /// One step into a type, as the compiler resolves it: through declared aliases (and `$ref`s inside the path) to
    /// the object, tuple or array declaration the step enters, then into that declaration's member.
    private func access(_ base: Resolution, _ step: Step, _ type: TypeExpression) throws(CompileFailure) -> Resolution {
        switch base {
        case .resourceDerived(let source, let existing, let output):
            return .resourceDerived(source: source, segments: existing + step.segments, output: output)
        case .definition(var pointer, var declaration):
            var hops = 0
            while let current = declaration, hops < 64 {
                hops += 1
                switch (current.kind, step) {
                case (.parenthesized(let inner), _), (.nullable(let inner), _), (.nonNullable(let inner), _):
                    declaration = inner
                    continue
                case (.object(let members), .property(let name)):
                    let found = members.first { $0.name?.lowercased() == name.lowercased() }
                    return .definition(pointer: pointer + step.segments, declaration: found?.type)
                case (.object(let members), .additionalProperties):
                    let found = members.first { if case .additionalProperties = $0.key { true } else { false } }
                    return .definition(pointer: pointer + step.segments, declaration: found?.type)
                case (.tuple(let items), .index(let position)):
                    return .definition(
                        pointer: pointer + step.segments, declaration: items.indices.contains(position) ? items[position].type : nil)
                case (.array(let element), .items):
                    return .definition(pointer: pointer + step.segments, declaration: element)
                default:
                    switch try? resolve(current) {
                    case .definition(let nextPointer, let nextDeclaration)?:
                        pointer = nextPointer
                        declaration = nextDeclaration
                    case .resourceDerived(let source, let existing, let output)?:
                        return .resourceDerived(source: source, segments: existing + step.segments, output: output)
                    case nil:
                        return .definition(pointer: pointer + step.segments, declaration: nil)
                    }
                }
            }
            return .definition(pointer: pointer + step.segments, declaration: nil)
        }
    }
}
