import BicepSyntax

/// What a file's `import` declarations bring in, as the compiler's `ImportClosureInfo` inlines it: each imported
/// symbol under its local name (or `_N.name` for what the imported symbols need in turn, `N` numbering the source
/// templates), and the definitions, variables and functions to copy into the template.
struct ImportedSymbols: Sendable {
    /// Local type name → key in `definitions`.
    var types: [String: String] = [:]
    /// Local variable name → key in `variables`.
    var variables: [String: String] = [:]
    /// Local function name → `namespace.name`.
    var functions: [String: String] = [:]
    /// `import * as ns`: type member → key in `definitions`, by alias.
    var wildcardTypes: [String: [String: String]] = [:]
    /// `import * as ns`: variable member → key in `variables`, by alias.
    var wildcardVariables: [String: [String: String]] = [:]
    /// `import * as ns`: function member → `namespace.name`, by alias.
    var wildcardFunctions: [String: [String: String]] = [:]
    /// The copied `definitions`, sorted by key.
    var definitions: [TemplateMember] = []
    /// The copied `variables` (sorted by key), and copied variable loops.
    var variableMembers: [TemplateMember] = []
    var variableCopies: [TemplateValue] = []
    /// The copied functions: namespace and member.
    var functionMembers: [(namespace: String, member: TemplateMember)] = []
    /// Local names (and wildcard aliases) imported from a registry artifact that is not restored, with the reference:
    /// as types they accept any value, as values or functions they are unknown.
    var unrestored: [String: String] = [:]

    /// `__bicep.f` → (`__bicep`, `f`); `_1.f` → (`_1`, `f`).
    static func split(_ qualified: String) -> (namespace: String, name: String) {
        guard let dot = qualified.firstIndex(of: ".") else { return ("__bicep", qualified) }
        return (String(qualified[..<dot]), String(qualified[qualified.index(after: dot)...]))
    }
}

/// The exported and internal symbols of one template an `import` reads (a compiled `.bicep`, a local ARM `.json`
/// or a registry `main.json`).
struct ImportSource: Sendable {
    enum Kind: String, Sendable, Hashable { case type, variable, function }

    /// How the compiler names the template in `__bicep_imported_from!` (a path relative to the entry file, or
    /// `br:registry/path:tag`).
    var identifier: String
    var definitions: [String: TemplateValue] = [:]
    var variables: [String: TemplateValue] = [:]
    var variableCopies: [String: TemplateValue] = [:]
    /// Keyed by `namespace.name`.
    var functions: [String: TemplateValue] = [:]
    /// The exported names: types (`definitions` marked `__bicep_export!`), variables (`__bicep_exported_variables!`)
    /// and `__bicep` functions marked `__bicep_export!`.
    var exports: [String: Kind] = [:]
    /// Whether the template was compiled here from a `.bicep` file (rather than read as ARM JSON).
    var isCompiledBicep: Bool
    /// The compiled `.bicep` file, for local paths in its `__bicep_imported_from!` metadata.
    var path: String?
    /// Definitions and functions that the template itself imported (`__bicep_imported_from!`): the template they
    /// came from (as that metadata names it) and their name there, so one symbol imported along two paths is
    /// copied once.
    var origins: [String: (source: String, name: String)] = [:]

    /// Whether the import names a registry artifact that is not restored (nothing is known about it).
    var isUnrestored = false

    /// A registry artifact that is not restored.
    init(unrestored identifier: String) {
        self.identifier = identifier
        self.isCompiledBicep = false
        self.isUnrestored = true
    }

    init(identifier: String, template: TemplateValue, isCompiledBicep: Bool) {
        self.identifier = identifier
        self.isCompiledBicep = isCompiledBicep
        for member in template[member: "definitions"]?.members ?? [] {
            definitions[member.key] = member.value
            if Self.isExported(member.value) { exports[member.key] = .type }
            if let origin = Self.origin(member.value, key: member.key) { origins[member.key] = origin }
        }
        for member in template[member: "variables"]?.members ?? [] {
            if member.key == "copy", case .array(let copies) = member.value.kind {
                for copy in copies {
                    if case .string(let name)? = copy[member: "name"]?.kind { variableCopies[name] = copy }
                }
            } else {
                variables[member.key] = member.value
            }
        }
        if case .array(let exported)? = template[member: "metadata"]?[member: "__bicep_exported_variables!"]?.kind {
            for entry in exported {
                if case .string(let name)? = entry[member: "name"]?.kind { exports[name] = .variable }
            }
        }
        if case .array(let namespaces)? = template[member: "functions"]?.kind {
            for namespace in namespaces {
                guard case .string(let prefix)? = namespace[member: "namespace"]?.kind else { continue }
                for function in namespace[member: "members"]?.members ?? [] {
                    functions[prefix + "." + function.key] = function.value
                    if prefix == "__bicep", Self.isExported(function.value) { exports[function.key] = .function }
                    if let origin = Self.origin(function.value, key: function.key) { origins[prefix + "." + function.key] = origin }
                }
            }
        }
    }

    private static func origin(_ value: TemplateValue, key: String) -> (source: String, name: String)? {
        guard let imported = value[member: "metadata"]?[member: "__bicep_imported_from!"],
            case .string(let source)? = imported[member: "sourceTemplate"]?.kind
        else { return nil }
        if case .string(let original)? = imported[member: "originalIdentifier"]?.kind { return (source, original) }
        return (source, ImportedSymbols.split(key).name)
    }

    private static func isExported(_ value: TemplateValue) -> Bool {
        if case .bool(true)? = value[member: "metadata"]?[member: "__bicep_export!"]?.kind { return true }
        return false
    }

    /// The symbol an exported name stands for: `(kind, key)` with functions keyed `__bicep.name`.
    func exported(_ name: String) -> (kind: Kind, key: String)? {
        guard let kind = exports[name] else { return nil }
        return (kind, kind == .function ? "__bicep." + name : name)
    }

    /// The symbols a symbol's definition refers to in the same template: `$ref`s to definitions, `variables('x')`,
    /// `copyIndex`-named loops and `namespace.f(` calls.
    func references(of kind: Kind, _ key: String) -> [(kind: Kind, key: String)] {
        let value: TemplateValue?
        switch kind {
        case .type: value = definitions[key]
        case .variable: value = variables[key] ?? variableCopies[key]
        case .function: value = functions[key]
        }
        guard let value else { return [] }
        var found: [(Kind, String)] = []
        value.forEachString { text in
            if text.hasPrefix("#/definitions/") {
                let name = String(text.dropFirst("#/definitions/".count).split(separator: "/", maxSplits: 1).first ?? "")
                if definitions[name] != nil { found.append((.type, name)) }
                return
            }
            guard text.hasPrefix("[") else { return }
            for name in variables.keys where text.contains("variables('\(name.replacing("'", with: "''"))')") {
                found.append((.variable, name))
            }
            for name in variableCopies.keys where text.contains("variables('\(name.replacing("'", with: "''"))')") {
                found.append((.variable, name))
            }
            for name in functions.keys where text.contains(name + "(") { found.append((.function, name)) }
        }
        return found
    }
}

extension TemplateValue {
    /// Calls `body` with every string in the value, keys excluded.
    func forEachString(_ body: (String) -> Void) {
        switch kind {
        case .string(let text): body(text)
        case .array(let items): items.forEach { $0.forEachString(body) }
        case .object(let members): members.forEach { $0.value.forEachString(body) }
        case .null, .bool, .integer: break
        }
    }

    /// The value with every string rewritten (keys too when `keys` is set).
    func mappingStrings(keys: Bool = false, _ transform: (String) -> String) -> TemplateValue {
        switch kind {
        case .string(let text): return TemplateValue(.string(transform(text)), range: range)
        case .array(let items): return TemplateValue(.array(items.map { $0.mappingStrings(keys: keys, transform) }), range: range)
        case .object(let members):
            return TemplateValue(
                .object(
                    members.map {
                        TemplateMember(
                            key: keys ? transform($0.key) : $0.key, value: $0.value.mappingStrings(keys: keys, transform), range: $0.range)
                    }), range: range)
        case .null, .bool, .integer: return self
        }
    }
}
