import BicepSyntax
import LocatedJSON
import SourceModel

extension ModuleLoader {
    private struct SymbolID: Hashable {
        var source: String
        var kind: ImportSource.Kind
        var key: String

        /// The name the symbol has in its template (a function without its `__bicep.` namespace).
        var originalName: String {
            kind == .function && key.hasPrefix("__bicep.") ? String(key.dropFirst("__bicep.".count)) : key
        }
    }

    /// Resolves every `import` of a file into the symbols it brings in and what to copy into the template, as the
    /// compiler's `ImportClosureInfo` does. A name that is not exported, a file that does not exist, an import cycle
    /// or an unreadable template is an error at the import's file:line:column.
    func resolveImports(_ model: SemanticModel, aliases: ModuleAliases) -> (ImportedSymbols, [Diagnostic]) {
        let file = model.file
        var sources: [String: ImportSource] = [:]
        var diagnostics: [Diagnostic] = []
        var named: [SymbolID: String] = [:]
        var roots: [SymbolID] = []
        var result = ImportedSymbols()
        var wildcardMembers: [String: [String: SymbolID]] = [:]
        // Each template is read (or compiled) once however many declarations import from it.
        var loadedByPath: [String: ImportSource] = [:]
        for declaration in model.tree.declarations {
            guard case .compileTimeImport(let compileTimeImport) = declaration.kind else { continue }
            let key = compileTimeImport.path.value ?? ""
            let (loaded, found) =
                loadedByPath[key].map { ($0, []) } ?? importSource(compileTimeImport.path, in: file, aliases: aliases)
            if let loaded { loadedByPath[key] = loaded }
            diagnostics += found
            guard let source = loaded else { continue }
            if source.isUnrestored {
                switch compileTimeImport.symbols {
                case .named(let symbols):
                    for symbol in symbols {
                        result.unrestored[symbol.alias?.name ?? symbol.name.name ?? ""] = key
                    }
                case .wildcard(let alias): result.unrestored[alias.name] = key
                }
                continue
            }
            sources[source.identifier] = source
            switch compileTimeImport.symbols {
            case .named(let symbols):
                for symbol in symbols {
                    let name = symbol.name.name ?? ""
                    guard let (kind, key) = source.exported(name) else {
                        let exported = source.exports.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                        let expected = exported.isEmpty ? "it exports nothing" : "expected one of \(exported)"
                        let path = compileTimeImport.path.value ?? ""
                        diagnostics.append(
                            Diagnostic(
                                .importNotExported, at: symbol.range.location(in: file),
                                "'\(name)' is not exported by '\(path)': \(expected)"))
                        continue
                    }
                    let local = symbol.alias?.name ?? name
                    let id = SymbolID(source: source.identifier, kind: kind, key: key)
                    named[id] = local
                    roots.append(id)
                    switch kind {
                    case .type: result.types[local] = local
                    case .variable: result.variables[local] = local
                    case .function: result.functions[local] = "__bicep." + local
                    }
                }
            case .wildcard(let alias):
                var members: [String: SymbolID] = [:]
                for name in source.exports.keys {
                    guard let (kind, key) = source.exported(name) else { continue }
                    let id = SymbolID(source: source.identifier, kind: kind, key: key)
                    members[name] = id
                    roots.append(id)
                }
                wildcardMembers[alias.name] = members
            }
        }
        // The closure: every symbol the imported ones need, transitively, within their templates. A symbol is
        // known by the template it was first declared in, so one imported along two paths is copied once.
        var closure: Set<SymbolID> = []
        var content: [SymbolID: SymbolID] = [:]
        var queue = roots
        while let location = queue.popLast() {
            guard let source = sources[location.source] else { continue }
            let id = identity(of: location, in: source, file: file)
            guard closure.insert(id).inserted else { continue }
            content[id] = location
            for reference in source.references(of: location.kind, location.key) {
                queue.append(SymbolID(source: location.source, kind: reference.kind, key: reference.key))
            }
        }
        named = Dictionary(named.map { (identity(of: $0.key, in: sources[$0.key.source], file: file), $0.value) }) { first, _ in first }
        var names = named
        var counter = 1
        var templateIDs: [String: Int] = [:]
        for id in closure.sorted(by: { "\($0.source)_\($0.originalName)" < "\($1.source)_\($1.originalName)" }) where names[id] == nil {
            let templateID: Int
            if let existing = templateIDs[id.source] {
                templateID = existing
            } else {
                templateID = counter
                templateIDs[id.source] = counter
                counter += 1
            }
            let symbolID: String
            if Self.isIdentifier(id.originalName) {
                symbolID = id.originalName
            } else {
                symbolID = "_\(counter)"
                counter += 1
            }
            names[id] = "_\(templateID).\(symbolID)"
        }
        for (alias, members) in wildcardMembers {
            for (member, location) in members {
                guard let name = names[identity(of: location, in: sources[location.source], file: file)] else { continue }
                if location.kind == .function {
                    result.wildcardFunctions[alias, default: [:]][member] = name.contains(".") ? name : "__bicep." + name
                } else if location.kind == .type {
                    result.wildcardTypes[alias, default: [:]][member] = name
                } else {
                    result.wildcardVariables[alias, default: [:]][member] = name
                }
            }
        }
        copy(closure, content: content, names: names, sources: sources, file: file, into: &result)
        return (result, diagnostics)
    }

    /// Who a symbol is: where its template says it was first declared (`__bicep_imported_from!`, a local path made
    /// relative to the importing file), or the template it is read from.
    private func identity(of location: SymbolID, in source: ImportSource?, file: String) -> SymbolID {
        guard let source, location.kind != .variable, let origin = source.origins[location.key] else { return location }
        var originSource = origin.source
        if !originSource.hasPrefix("br:"), let path = source.path {
            originSource = Self.relativePath(BicepPath.resolve(originSource, from: path), from: file)
        }
        return SymbolID(source: originSource, kind: location.kind, key: location.kind == .function ? "__bicep." + origin.name : origin.name)
    }

    /// Copies the closure's definitions, variables and functions, each reference inside renamed.
    private func copy(
        _ closure: Set<SymbolID>, content: [SymbolID: SymbolID], names: [SymbolID: String], sources: [String: ImportSource], file: String,
        into result: inout ImportedSymbols
    ) {
        var definitions: [TemplateMember] = []
        var variables: [TemplateMember] = []
        var copies: [(String, TemplateValue)] = []
        var functions: [(String, String, TemplateMember)] = []
        for id in closure {
            guard let location = content[id], let source = sources[location.source], let name = names[id] else { continue }
            let rename = renamer(for: source, names: names, file: file)
            switch id.kind {
            case .type:
                guard let value = source.definitions[location.key] else { continue }
                var origin = [
                    TemplateMember(key: "sourceTemplate", value: TemplateValue(.string(id.source), range: value.range), range: value.range)
                ]
                if !name.hasSuffix(id.originalName) {
                    origin.append(
                        TemplateMember(
                            key: "originalIdentifier", value: TemplateValue(.string(id.originalName), range: value.range),
                            range: value.range))
                }
                definitions.append(
                    TemplateMember(key: name, value: Self.withOrigin(value.mappingStrings(rename), origin), range: value.range))
            case .variable:
                if let value = source.variables[location.key] {
                    variables.append(TemplateMember(key: name, value: value.mappingStrings(rename), range: value.range))
                } else if let loop = source.variableCopies[location.key], case .object(var members) = loop.mappingStrings(rename).kind {
                    if let index = members.firstIndex(where: { $0.key == "name" }) {
                        members[index].value = TemplateValue(.string(name), range: members[index].value.range)
                    }
                    // An ARM variable loop is read as `[for i in range(0, count): input]` and written again.
                    if !source.isCompiledBicep, let index = members.firstIndex(where: { $0.key == "count" }) {
                        let count = members[index].value
                        let inner: String? =
                            switch count.kind {
                            case .integer(let number): String(number)
                            case .string(let text) where text.hasPrefix("[") && text.hasSuffix("]"): String(text.dropFirst().dropLast())
                            default: nil
                            }
                        if let inner { members[index].value = TemplateValue(.string("[length(range(0, \(inner)))]"), range: count.range) }
                    }
                    copies.append((name, TemplateValue(.object(members), range: loop.range)))
                }
            case .function:
                guard let value = source.functions[location.key] else { continue }
                let (namespace, member) = ImportedSymbols.split(name.contains(".") ? name : "__bicep." + name)
                var origin = [
                    TemplateMember(key: "sourceTemplate", value: TemplateValue(.string(id.source), range: value.range), range: value.range)
                ]
                if member != id.originalName {
                    origin.append(
                        TemplateMember(
                            key: "originalIdentifier", value: TemplateValue(.string(id.originalName), range: value.range),
                            range: value.range))
                }
                functions.append(
                    (
                        namespace, member,
                        TemplateMember(key: member, value: Self.withOrigin(value.mappingStrings(rename), origin), range: value.range)
                    ))
            }
        }
        result.definitions = definitions.sorted { $0.key < $1.key }
        result.variableMembers = variables.sorted { $0.key < $1.key }
        result.variableCopies = copies.sorted { $0.0 < $1.0 }.map(\.1)
        result.functionMembers = functions.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { ($0.0, $0.2) }
    }

    /// `metadata` without `__bicep_export!`, with `__bicep_imported_from!` added.
    private static func withOrigin(_ value: TemplateValue, _ origin: [TemplateMember]) -> TemplateValue {
        guard case .object(var members) = value.kind else { return value }
        let range = value.range
        let originMember = TemplateMember(key: "__bicep_imported_from!", value: TemplateValue(.object(origin), range: range), range: range)
        if let index = members.firstIndex(where: { $0.key == "metadata" }), case .object(var metadata) = members[index].value.kind {
            metadata.removeAll { $0.key == "__bicep_export!" || $0.key == "__bicep_imported_from!" }
            metadata.append(originMember)
            members[index].value = TemplateValue(.object(metadata), range: members[index].value.range)
        } else {
            members.append(TemplateMember(key: "metadata", value: TemplateValue(.object([originMember]), range: range), range: range))
        }
        return TemplateValue(.object(members), range: range)
    }

    /// Rewrites `#/definitions/x`, `variables('x')`, `copyIndex('x')` and `ns.f(` to the names the symbols of one
    /// source template have in the importing template.
    private func renamer(for source: ImportSource, names: [SymbolID: String], file: String) -> (String) -> String {
        var types: [String: String] = [:]
        var replacements: [(String, String)] = []
        let keys =
            source.definitions.keys.map { SymbolID(source: source.identifier, kind: .type, key: $0) }
            + (Array(source.variables.keys) + Array(source.variableCopies.keys)).map {
                SymbolID(source: source.identifier, kind: .variable, key: $0)
            }
            + source.functions.keys.map { SymbolID(source: source.identifier, kind: .function, key: $0) }
        for location in keys {
            guard let name = names[identity(of: location, in: source, file: file)] else { continue }
            let id = location
            switch id.kind {
            case .type: types[id.key] = name
            case .variable:
                let old = id.key.replacing("'", with: "''")
                replacements.append(("variables('\(old)')", "variables('\(name)')"))
                replacements.append(("copyIndex('\(old)')", "copyIndex('\(name)')"))
            case .function:
                replacements.append((id.key + "(", (name.contains(".") ? name : "__bicep." + name) + "("))
            }
        }
        return { text in
            if text.hasPrefix("#/definitions/") {
                let rest = text.dropFirst("#/definitions/".count)
                let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                guard let first = parts.first, let renamed = types[String(first)] else { return text }
                return "#/definitions/" + renamed + (parts.count > 1 ? "/" + parts[1] : "")
            }
            guard text.hasPrefix("[") else { return text }
            var output = text
            for (index, (old, _)) in replacements.enumerated() where output.contains(old) {
                output = output.replacing(old, with: "\u{0}\(index)\u{0}")
            }
            for (index, (_, new)) in replacements.enumerated() { output = output.replacing("\u{0}\(index)\u{0}", with: new) }
            return output
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic && first.isASCII else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// Reads the template an `import` names: a local `.bicep` (compiled), a local `.json`, or a restored registry artifact.
    private func importSource(_ path: StringLiteral, in file: String, aliases: ModuleAliases) -> (ImportSource?, [Diagnostic]) {
        let at = path.range.location(in: file)
        guard let text = path.value else {
            return (nil, [Diagnostic(.invalidBicep, at: at, "expected an import path without interpolation, found '${...}'")])
        }
        switch ModuleReference.parse(text, aliases: aliases) {
        case .local(let relative):
            guard !relative.hasPrefix("/") else {
                return (nil, [Diagnostic(.invalidBicep, at: at, "expected a relative import path, found '\(relative)'")])
            }
            let resolved = BicepPath.resolve(relative, from: file)
            let identifier = Self.relativePath(resolved, from: file)
            if let start = chain.firstIndex(of: resolved) {
                let cycle = (chain[start...] + [resolved]).joined(separator: " -> ")
                return (nil, [Diagnostic(.importCycle, at: at, "expected imports without a cycle, found \(cycle)")])
            }
            guard let bytes = options.reader.read(resolved) else {
                return (nil, [Diagnostic(.importNotFound, at: at, "expected a file to import at '\(text)', found none (\(resolved))")])
            }
            if resolved.lowercased().hasSuffix(".json") {
                return jsonSource(bytes, path: resolved, identifier: identifier, range: path.range)
            }
            guard chain.count <= options.maximumModuleDepth else {
                return (
                    nil,
                    [
                        Diagnostic(
                            .importCycle, at: at,
                            "expected imports nested at most \(options.maximumModuleDepth) deep, found '\(text)' deeper")
                    ]
                )
            }
            guard budget.remaining > 0 else {
                let message =
                    "expected at most \(options.maximumModuleCount) module and import files in one compilation, found more at '\(text)'"
                return (nil, [Diagnostic(.importCycle, at: at, message)])
            }
            budget.remaining -= 1
            let child = ModuleLoader(options: options, chain: chain + [resolved], budget: budget)
            let compilation = child.compile(SyntaxTree(parsing: bytes, file: resolved, kind: .template))
            guard let template = compilation.template else {
                let errors = compilation.diagnostics.filter { $0.severity == .error }
                let first = errors.first.map { ": \($0.description)" } ?? ""
                return (
                    nil,
                    [Diagnostic(.importNotFound, at: at, "expected '\(text)' to compile, found errors\(first)")] + compilation.diagnostics
                )
            }
            var source = ImportSource(identifier: identifier, template: template.relocated(to: path.range), isCompiledBicep: true)
            source.path = resolved
            return (source, [])
        case .registry(let registry, let artifact, let tag):
            let identifier = "br:\(registry)/\(artifact):\(tag)"
            if let root = options.registryRoot {
                let location = BicepPath.normalize("\(root)/\(registry)/\(artifact)/\(tag)/main.json")
                if location.hasPrefix(BicepPath.normalize(root) + "/"), let bytes = options.reader.read(location) {
                    return jsonSource(bytes, path: location, identifier: identifier, range: path.range)
                }
            }
            let hint =
                options.registryRoot.map { "put its main.json at \($0)/\(registry)/\(artifact)/\(tag)/main.json" }
                ?? "restore it into a folder laid out <registry>/<path>/<tag>/main.json and pass that folder as the registry root"
            // Types only check parameter values: read as "any value" they never change what a template deploys, so
            // the file is still compiled (with a warning); an imported value or function stays an error where used.
            let message = "the import '\(text)' is not restored, so its types are read as any value: \(hint)"
            return (ImportSource(unrestored: identifier), [Diagnostic(.importNotRestored, .warning, at: at, message)])
        case .templateSpec, .unknownAlias:
            return (
                nil,
                [
                    Diagnostic(
                        .importNotFound, at: at, "expected a local file or a restored registry reference to import from, found '\(text)'")
                ]
            )
        }
    }

    private func jsonSource(_ bytes: [UInt8], path: String, identifier: String, range: SourceRange) -> (ImportSource?, [Diagnostic]) {
        do {
            let value = try JSONReader().read(bytes)
            do {
                let template = try TemplateValue(json: value)
                return (ImportSource(identifier: identifier, template: template.relocated(to: range), isCompiledBicep: false), [])
            } catch {
                return (
                    nil,
                    [
                        Diagnostic(
                            .unsupportedBicep, at: SourceLocation(file: path, position: error.position),
                            "not supported yet: a fractional number in an imported ARM template")
                    ]
                )
            }
        } catch {
            return (
                nil,
                [
                    Diagnostic(
                        .importNotFound, at: SourceLocation(file: path, position: error.position),
                        "expected the imported template '\(path)' to be JSON: \(error.message)")
                ]
            )
        }
    }

    /// `target` relative to the folder of `file` (`modules/types.bicep`, `../shared/types.bicep`).
    static func relativePath(_ target: String, from file: String) -> String {
        let base = BicepPath.directory(of: file).split(separator: "/").map(String.init)
        let parts = target.split(separator: "/").map(String.init)
        var common = 0
        while common < base.count, common < parts.count - 1, base[common] == parts[common] { common += 1 }
        return (Array(repeating: "..", count: base.count - common) + parts[common...]).joined(separator: "/")
    }
}
