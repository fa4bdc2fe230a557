import BicepSyntax

/// Type names and accesses into them: `{"$ref": "#/definitions/name/properties/p"}` for declared and imported types,
/// and the compiled type plus `metadata.__bicep_resource_derived_type!` for `resourceInput<'T@v'>.path` and
/// `resourceOutput<...>`.
extension TemplateEmitter {
    private enum Resolution {
        case definition(pointer: [String])
        case resourceDerived(source: String, segments: [String], output: Bool)
    }

    func reference(_ type: TypeExpression) throws(CompileFailure) -> [TemplateMember] {
        let range = type.range
        switch try resolve(type) {
        case .definition(let pointer):
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

    static func escapePointer(_ segment: String) -> String {
        segment.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    private func resolve(_ type: TypeExpression) throws(CompileFailure) -> Resolution {
        switch type.kind {
        case .name(let identifier):
            if declaredTypes[identifier.name] != nil { return .definition(pointer: ["definitions", identifier.name]) }
            if let imported = imports.types[identifier.name] { return .definition(pointer: ["definitions", imported]) }
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
                return .definition(pointer: ["definitions", imported])
            }
            return try access(try resolve(base), ["properties", name.name], type)
        case .additionalProperties(let base): return try access(try resolve(base), ["additionalProperties"], type)
        case .items(let base): return try access(try resolve(base), ["items"], type)
        case .index(let base, let index):
            guard case .integer(let position) = index.kind else {
                throw .invalid("expected an integer literal as a tuple type index", at: index.range, in: file)
            }
            return try access(try resolve(base), ["prefixItems", String(position)], type)
        default:
            throw .unsupported("this type expression as a type reference", at: type.range, in: file)
        }
    }

    private func access(_ base: Resolution, _ segments: [String], _ type: TypeExpression) throws(CompileFailure) -> Resolution {
        switch base {
        case .definition(let pointer): return .definition(pointer: try traced(pointer) + segments)
        case .resourceDerived(let source, let existing, let output):
            return .resourceDerived(source: source, segments: existing + segments, output: output)
        }
    }

    /// A pointer to a declared type that is itself only a name of another declared type points where that one does,
    /// as the compiler traces aliases to the object declaration before stepping into it.
    private func traced(_ pointer: [String]) throws(CompileFailure) -> [String] {
        var current = pointer
        var seen: Set<String> = []
        while current.count == 2, current[0] == "definitions", let declared = declaredTypes[current[1]], seen.insert(current[1]).inserted {
            guard case .name(let identifier) = declared.type.kind, !Self.ambientTypes.contains(identifier.name) else { break }
            if declaredTypes[identifier.name] != nil {
                current = ["definitions", identifier.name]
            } else if let imported = imports.types[identifier.name] {
                current = ["definitions", imported]
            } else {
                break
            }
        }
        return current
    }
}
