import BicepSyntax

/// The type language of languageVersion 2.0, as the compiler's `TemplateWriter.TypePropertiesForTypeExpression`
/// writes it: `type`, `allowedValues`, `items`, `prefixItems`, `properties`, `additionalProperties`, `nullable`,
/// `discriminator` and `$ref` to `#/definitions/...`, with each decorator's property added by ``applyTypeModifiers``.
extension TemplateEmitter {
    static let ambientTypes: Set<String> = ["string", "int", "bool", "object", "array"]

    /// The JSON schema members of a type.
    func typeProperties(_ type: TypeExpression, decorators: [Decorator] = []) throws(CompileFailure) -> [TemplateMember] {
        let range = type.range
        if let discriminator = decorators.first(where: { $0.name == "discriminator" }), Self.isUnionSyntax(type) {
            return try discriminatedObject(type, discriminator)
        }
        switch type.kind {
        case .name(let identifier):
            if identifier.name == "any" { return [] }
            if Self.ambientTypes.contains(identifier.name), model.symbols[identifier.name]?.kind != .type,
                imports.types[identifier.name] == nil
            {
                return [member("type", .string(identifier.name), range)]
            }
            return try reference(type)
        case .string, .integer, .boolean, .null, .unary:
            let literal = try literalValue(type)
            var members: [TemplateMember] = []
            if let name = Self.literalTypeName(literal) { members.append(member("type", .string(name), range)) }
            members.append(member("allowedValues", .array([literal]), range))
            return members
        case .union(let members): return try union(members, range: range)
        case .array(let element):
            var members = [member("type", .string("array"), range)]
            if let allowed = try allowedValues(element) {
                members.append(member("allowedValues", .array(allowed), element.range))
            } else {
                members.append(
                    TemplateMember(
                        key: "items", value: TemplateValue(.object(try typeProperties(element)), range: element.range), range: element.range
                    ))
            }
            return members
        case .tuple(let items):
            var prefix: [TemplateValue] = []
            for item in items {
                var properties = try typeProperties(item.type, decorators: item.decorators)
                try applyTypeModifiers(item.decorators, to: &properties)
                prefix.append(TemplateValue(.object(properties), range: item.range))
            }
            return [
                member("type", .string("array"), range), member("prefixItems", .array(prefix), range), member("items", .bool(false), range),
            ]
        case .object(let objectMembers):
            var properties: [TemplateMember] = []
            var additional: TemplateMember?
            for objectMember in objectMembers {
                var schema = try typeProperties(objectMember.type, decorators: objectMember.decorators)
                try applyTypeModifiers(objectMember.decorators, to: &schema)
                let value = TemplateValue(.object(schema), range: objectMember.range)
                if case .additionalProperties = objectMember.key {
                    additional = TemplateMember(key: "additionalProperties", value: value, range: objectMember.range)
                } else if let name = objectMember.name {
                    properties.append(TemplateMember(key: name, value: value, range: objectMember.range))
                } else {
                    throw .invalid(
                        "expected a literal property name in an object type, found an interpolated one", at: objectMember.range, in: file)
                }
            }
            var members = [member("type", .string("object"), range), member("properties", .object(properties), range)]
            if let additional { members.append(additional) }
            return members
        case .nullable(let base):
            var members = try typeProperties(base, decorators: decorators)
            Self.merge(&members, member("nullable", .bool(true), range))
            return members
        case .nonNullable(let base):
            var members = try typeProperties(base, decorators: decorators)
            Self.merge(&members, member("nullable", .bool(false), range))
            return members
        case .parenthesized(let inner): return try typeProperties(inner, decorators: decorators)
        case .resource(let literal):
            guard let text = literal?.value else {
                throw .unsupported("a resource-typed declaration without a type string", at: range, in: file)
            }
            return [
                member("type", .string("string"), range),
                member("metadata", .object([member("resourceType", .string(text), range)]), range),
            ]
        case .property(let base, let name) where Self.isSystemNamespace(base) && Self.ambientTypes.union(["any"]).contains(name.name):
            return name.name == "any" ? [] : [member("type", .string(name.name), range)]
        case .parameterized, .property, .additionalProperties, .items, .index: return try reference(type)
        case .invalid: throw .invalid("expected a type, found a syntax error", at: range, in: file)
        }
    }

    /// The value a literal type stands for (`'a'`, `1`, `-1`, `true`, `null`).
    func literalValue(_ type: TypeExpression, depth: Int = 0) throws(CompileFailure) -> TemplateValue {
        let range = type.range
        guard depth < 64 else {
            throw .invalid("expected a type that does not refer to itself, found a cycle of type declarations", at: range, in: file)
        }
        switch type.kind {
        case .string(let literal):
            guard let value = literal.value else {
                throw .invalid("expected a string literal type without interpolation, found '${...}'", at: range, in: file)
            }
            return TemplateValue(.string(value), range: range)
        case .integer(let value): return TemplateValue(.integer(Int64(clamping: value)), range: range)
        case .unary(.minus, let operand):
            if case .integer(let value) = operand.kind { return TemplateValue(.integer(-Int64(clamping: value)), range: range) }
        case .unary(.not, let operand):
            if case .boolean(let value) = operand.kind { return TemplateValue(.bool(!value), range: range) }
        case .boolean(let value): return TemplateValue(.bool(value), range: range)
        case .null: return TemplateValue(.null, range: range)
        case .parenthesized(let inner): return try literalValue(inner, depth: depth + 1)
        case .object(let members):
            var values: [TemplateMember] = []
            for objectMember in members {
                guard let name = objectMember.name else { break }
                values.append(
                    TemplateMember(key: name, value: try literalValue(objectMember.type, depth: depth + 1), range: objectMember.range))
            }
            if values.count == members.count { return TemplateValue(.object(values), range: range) }
        case .tuple(let items):
            var values: [TemplateValue] = []
            for item in items { values.append(try literalValue(item.type, depth: depth + 1)) }
            return TemplateValue(.array(values), range: range)
        case .name(let identifier):
            if let declared = declaredTypes[identifier.name] { return try literalValue(declared.type, depth: depth + 1) }
        default: break
        }
        throw .unsupported(
            "this type in a union or literal position (only string, integer, boolean and null literals are compiled)", at: range, in: file)
    }

    /// How the compiler names a literal type (`'a'`, `-1`, `true`, `['a', 1]`, `{ k: 'v' }`): union members are
    /// sorted by it.
    static func literalDisplay(_ value: TemplateValue) -> String {
        switch value.kind {
        case .string(let text): "'" + text + "'"
        case .integer(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array(let items): "[" + items.map(literalDisplay).joined(separator: ", ") + "]"
        case .object(let members): "{ " + members.map { $0.key + ": " + literalDisplay($0.value) }.joined(separator: ", ") + " }"
        }
    }

    /// The literal members of a union, flattened through parentheses, nested unions, `T?` and declared aliases;
    /// whether `null` is one of them.
    private func unionLiterals(_ members: [TypeExpression], depth: Int = 0) throws(CompileFailure) -> (
        values: [TemplateValue], nullable: Bool
    ) {
        var values: [TemplateValue] = []
        var nullable = false
        for type in members {
            switch type.kind {
            case .union(let inner):
                let nested = try unionLiterals(inner, depth: depth + 1)
                values += nested.values
                nullable = nullable || nested.nullable
            case .parenthesized(let inner), .nullable(let inner):
                if case .nullable = type.kind { nullable = true }
                let nested = try unionLiterals([inner], depth: depth + 1)
                values += nested.values
                nullable = nullable || nested.nullable
            case .null: nullable = true
            case .name(let identifier) where depth < 32:
                if let declared = declaredTypes[identifier.name] {
                    let nested = try unionLiterals([declared.type], depth: depth + 1)
                    values += nested.values
                    nullable = nullable || nested.nullable
                } else {
                    values.append(try literalValue(type))
                }
            default: values.append(try literalValue(type))
            }
        }
        var seen: Set<String> = []
        return (values.filter { seen.insert(Self.literalDisplay($0)).inserted }, nullable)
    }

    static func literalTypeName(_ value: TemplateValue) -> String? {
        switch value.kind {
        case .string: "string"
        case .integer: "int"
        case .bool: "bool"
        case .object: "object"
        case .array: "array"
        case .null: nil
        }
    }

    private func isLiteral(_ type: TypeExpression) -> Bool {
        switch type.kind {
        case .string, .integer, .boolean, .null, .unary, .union: true
        case .parenthesized(let inner): isLiteral(inner)
        default: false
        }
    }

    /// A union written out (possibly in parentheses, `?` or `!`), which `@discriminator` turns into a discriminated object.
    static func isUnionSyntax(_ type: TypeExpression) -> Bool {
        switch type.kind {
        case .union: true
        case .parenthesized(let inner), .nullable(let inner), .nonNullable(let inner): isUnionSyntax(inner)
        default: false
        }
    }

    static func isSystemNamespace(_ type: TypeExpression) -> Bool {
        if case .name(let identifier) = type.kind { return identifier.name == "sys" }
        return false
    }

    /// The allowed values of a literal or union element type, nil for any other type.
    private func allowedValues(_ type: TypeExpression) throws(CompileFailure) -> [TemplateValue]? {
        switch type.kind {
        case .union(let members):
            let (values, nullable) = try unionLiterals(members)
            return (values + (nullable ? [TemplateValue(.null, range: type.range)] : [])).sorted {
                Self.literalDisplay($0) < Self.literalDisplay($1)
            }
        case .object, .tuple:
            guard let literal = try? literalValue(type) else { return nil }
            return [literal]
        case .parenthesized(let inner): return try allowedValues(inner)
        default: return isLiteral(type) ? [try literalValue(type)] : nil
        }
    }

    /// `'a' | 'b' | null`: the shared type name, the literals as `allowedValues`, and `nullable` when `null` is one of them.
    private func union(_ members: [TypeExpression], range: SourceRange) throws(CompileFailure) -> [TemplateMember] {
        var (values, nullable) = try unionLiterals(members)
        // The compiler's union type keeps its members sorted by their names (`'a'`, `1`, `true`).
        values.sort { Self.literalDisplay($0) < Self.literalDisplay($1) }
        var result: [TemplateMember] = []
        let names = Set(values.compactMap(Self.literalTypeName))
        if names.count == 1, let name = names.first { result.append(member("type", .string(name), range)) }
        if nullable && values.isEmpty { values = [TemplateValue(.null, range: range)] }
        result.append(member("allowedValues", .array(values), range))
        if nullable { result.append(member("nullable", .bool(true), range)) }
        return result
    }

    /// `@discriminator('kind') type t = a | b`: `{"type": "object", "discriminator": {"propertyName", "mapping"}}`.
    private func discriminatedObject(_ type: TypeExpression, _ decorator: Decorator) throws(CompileFailure) -> [TemplateMember] {
        guard decorator.arguments.count == 1, case .string(let literal) = decorator.arguments[0].kind, let property = literal.value else {
            throw .invalid("expected one string literal argument to @discriminator", at: decorator.range, in: file)
        }
        var nullable = false
        var nonNullable = false
        var mapping: [TemplateMember] = []
        func entries(_ memberType: TypeExpression, depth: Int) throws(CompileFailure) {
            switch memberType.kind {
            case .union(let members): for inner in members { try entries(inner, depth: depth + 1) }
            case .parenthesized(let inner): try entries(inner, depth: depth + 1)
            case .nullable(let inner):
                nullable = true
                try entries(inner, depth: depth + 1)
            case .null: nullable = true
            case .nonNullable(let inner):
                nonNullable = true
                try entries(inner, depth: depth + 1)
            case .object(let members):
                let key = try discriminatorValue(members, property, memberType)
                mapping.append(
                    TemplateMember(
                        key: key, value: TemplateValue(.object(try typeProperties(memberType)), range: memberType.range),
                        range: memberType.range))
            case .name(let identifier) where declaredTypes[identifier.name] != nil && depth < 32:
                let declared = declaredTypes[identifier.name]!.type
                if let members = resolveObjectType(declared) {
                    let key = try discriminatorValue(members, property, memberType)
                    mapping.append(
                        TemplateMember(
                            key: key, value: TemplateValue(.object(try reference(memberType)), range: memberType.range),
                            range: memberType.range))
                } else {
                    try entries(declared, depth: depth + 1)
                }
            default:
                throw .unsupported(
                    "this member of a discriminated union (expected an object type, or a declared type that is one)", at: memberType.range,
                    in: file)
            }
        }
        try entries(type, depth: 0)
        let range = type.range
        var result = [
            member("type", .string("object"), range),
            member(
                "discriminator",
                .object([member("propertyName", .string(property), decorator.range), member("mapping", .object(mapping), range)]), range),
        ]
        if nullable { result.append(member("nullable", .bool(true), range)) }
        if nonNullable { result.append(member("nullable", .bool(false), range)) }
        return result
    }

    private func discriminatorValue(_ members: [ObjectTypeMember], _ property: String, _ type: TypeExpression) throws(CompileFailure)
        -> String
    {
        guard let discriminatorMember = members.first(where: { $0.name == property }),
            let value = try? literalValue(discriminatorMember.type), case .string(let key) = value.kind
        else {
            throw .unsupported(
                "this member of a discriminated union (expected its '\(property)' to be a string literal type)", at: type.range, in: file)
        }
        return key
    }

    /// The members of the object type a type expression names (following declared type aliases), if it is one.
    private func resolveObjectType(_ type: TypeExpression, depth: Int = 0) -> [ObjectTypeMember]? {
        guard depth < 32 else { return nil }
        switch type.kind {
        case .object(let members): return members
        case .parenthesized(let inner): return resolveObjectType(inner, depth: depth + 1)
        case .name(let identifier):
            guard let declared = declaredTypes[identifier.name] else { return nil }
            return resolveObjectType(declared.type, depth: depth + 1)
        default: return nil
        }
    }

    /// Adds what a declaration's or member's decorators say, as the compiler's `ApplyTypeModifiers`: `@secure` turns
    /// `string`/`object` into `securestring`/`secureObject`, `@sealed` adds `additionalProperties: false`, `@export`
    /// adds `metadata.__bicep_export!`, then `@metadata`, `@minLength`, `@maxLength`, `@minValue`, `@maxValue`, and
    /// `@description` last (into `metadata`).
    func applyTypeModifiers(_ decorators: [Decorator], to members: inout [TemplateMember]) throws(CompileFailure) {
        func argument(_ decorator: Decorator) throws(CompileFailure) -> TemplateValue {
            guard decorator.arguments.count == 1 else {
                throw .invalid("expected one argument to @\(decorator.name ?? "?")", at: decorator.range, in: file)
            }
            return try value(decorator.arguments[0], .empty)
        }
        let named = { (name: String) in decorators.last { $0.name == name } }
        if let secure = named("secure"), let index = members.firstIndex(where: { $0.key == "type" }),
            case .string(let type) = members[index].value.kind
        {
            if type == "string" { members[index].value = TemplateValue(.string("securestring"), range: secure.range) }
            if type == "object" { members[index].value = TemplateValue(.string("secureObject"), range: secure.range) }
        }
        if let sealed = named("sealed") { Self.merge(&members, member("additionalProperties", .bool(false), sealed.range)) }
        if let export = named("export") {
            Self.merge(&members, member("metadata", .object([member("__bicep_export!", .bool(true), export.range)]), export.range))
        }
        for name in ["metadata", "minLength", "maxLength", "minValue", "maxValue"] {
            guard let decorator = named(name) else { continue }
            Self.merge(&members, TemplateMember(key: name, value: try argument(decorator), range: decorator.range))
        }
        if let description = named("description") {
            let text = try argument(description)
            Self.merge(
                &members,
                member("metadata", .object([TemplateMember(key: "description", value: text, range: description.range)]), description.range))
        }
    }

    static let typeDecorators: Set<String> = [
        "secure", "sealed", "export", "metadata", "minLength", "maxLength", "minValue", "maxValue", "description", "discriminator",
        "allowed",
    ]
}
