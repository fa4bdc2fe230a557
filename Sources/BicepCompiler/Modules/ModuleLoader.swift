import BicepSyntax
import LocatedJSON
import SourceModel

/// Finds and compiles the modules of one file: local `.bicep` children (compiled with the same loader, one level
/// deeper), local and restored ARM JSON (inlined verbatim), and unresolvable references (a warning). Keeps the
/// chain of files being compiled to refuse cycles and depth beyond the limit.
struct ModuleLoader {
    let options: BicepCompileOptions
    /// The files being compiled, the entry file first.
    let chain: [String]
    /// How many more module files the whole compilation may read (shared by every level), so that modules that
    /// each deploy the next several times cannot grow the work exponentially.
    let budget: ModuleBudget

    init(options: BicepCompileOptions, chain: [String], budget: ModuleBudget? = nil) {
        self.options = options
        self.chain = chain
        self.budget = budget ?? ModuleBudget(remaining: options.maximumModuleCount)
    }

    /// Compiles a file and, through the loader, every module it declares.
    func compile(_ tree: SyntaxTree) -> BicepCompilation {
        let model = SemanticModel(tree: tree)
        var diagnostics = tree.diagnostics + model.diagnostics
        guard diagnostics.isEmpty else { return BicepCompilation(template: nil, diagnostics: diagnostics, model: model) }
        var modules: [Int: ResolvedModule] = [:]
        var failed = false
        let aliases = ModuleAliases.nearest(to: tree.file, reader: options.reader)
        for symbol in model.resources {
            guard let module = symbol.module else { continue }
            let (resolved, found) = resolve(module, in: tree.file, aliases: aliases)
            diagnostics += found
            if let resolved { modules[symbol.index] = resolved } else { failed = true }
        }
        var imports = ImportedSymbols()
        if tree.declarations.contains(where: { if case .compileTimeImport = $0.kind { true } else { false } }) {
            let (resolved, found) = resolveImports(model, aliases: aliases)
            imports = resolved
            diagnostics += found
            if found.contains(where: { $0.severity == .error }) { failed = true }
        }
        guard !failed else { return BicepCompilation(template: nil, diagnostics: diagnostics, model: model) }
        let symbolicNames =
            options.symbolicNameCodegen || aliases.symbolicNameCodegen || model.requiresSymbolicNames(modules: modules)
        var emitter = TemplateEmitter(
            model: model, modules: modules, reader: options.reader, symbolicNames: symbolicNames, imports: imports)
        var template = emitter.emit()
        if template == nil, emitter.needsLanguageVersion2 {
            emitter = TemplateEmitter(model: model, modules: modules, reader: options.reader, symbolicNames: true, imports: imports)
            template = emitter.emit()
        }
        diagnostics += emitter.diagnostics
        return BicepCompilation(template: template, diagnostics: diagnostics, model: model)
    }

    /// The module's template, or nil with the error diagnostics that say why not.
    func resolve(_ module: ModuleDeclaration, in file: String, aliases: ModuleAliases) -> (ResolvedModule?, [Diagnostic]) {
        let at = module.path.range.location(in: file)
        guard let text = module.path.value else {
            return (nil, [Diagnostic(.invalidBicep, at: at, "expected a module path without interpolation, found '${...}'")])
        }
        switch ModuleReference.parse(text, aliases: aliases) {
        case .local(let relative):
            guard !relative.hasPrefix("/") else {
                return (
                    nil,
                    [
                        Diagnostic(
                            .invalidBicep, at: at,
                            "expected a relative module path, found '\(relative)': files are referenced relative to the file that uses them"
                        )
                    ]
                )
            }
            return local(BicepPath.resolve(relative, from: file), reference: text, at: at)
        case .registry(let registry, let path, let tag):
            if let root = options.registryRoot {
                let location = BicepPath.normalize("\(root)/\(registry)/\(path)/\(tag)/main.json")
                // A reference with `..` in it never reads outside the registry folder.
                if location.hasPrefix(BicepPath.normalize(root) + "/"), let bytes = options.reader.read(location) {
                    return json(bytes, path: location, at: at)
                }
            }
            // Then the Bicep CLI's own cache, which the registry folder overrides.
            var cached: String?
            if let defaultRoot = options.bicepCacheRoot {
                let root = BicepCache.root(for: file, defaultRoot: defaultRoot, reader: options.reader)
                cached = BicepCache.moduleFile(root: root, registry: registry, repository: path, tag: tag)
                if let location = cached, location.hasPrefix(BicepPath.normalize(root) + "/br/"),
                    let bytes = options.reader.read(location)
                {
                    return json(bytes, path: location, at: at)
                }
            }
            var hint =
                options.registryRoot.map { "put its main.json at \($0)/\(registry)/\(path)/\(tag)/main.json" }
                ?? "restore it into a folder laid out <registry>/<path>/<tag>/main.json and pass that folder as the registry root"
            if let cached { hint += ", or run `bicep restore` to cache it at \(cached)" }
            return notRestored(text, at: at, hint: hint)
        case .templateSpec:
            return notRestored(text, at: at, hint: "template specs are never fetched; compile the template spec's source instead")
        case .unknownAlias:
            return notRestored(
                text, at: at,
                hint: "its alias is not defined: add it under moduleAliases.br in bicepconfig.json, or write br:<registry>/<path>:<tag>"
            )
        }
    }

    private func notRestored(_ reference: String, at: SourceLocation, hint: String) -> (ResolvedModule?, [Diagnostic]) {
        let message = "the module '\(reference)' is not restored, so its template is unknown: \(hint)"
        return (.unknown(reference: reference), [Diagnostic(.moduleNotRestored, .warning, at: at, message)])
    }

    private func local(_ path: String, reference: String, at: SourceLocation) -> (ResolvedModule?, [Diagnostic]) {
        if let start = chain.firstIndex(of: path) {
            let cycle = (chain[start...] + [path]).joined(separator: " -> ")
            return (nil, [Diagnostic(.moduleCycle, at: at, "expected modules without a cycle, found \(cycle)")])
        }
        guard chain.count <= options.maximumModuleDepth else {
            return (
                nil,
                [
                    Diagnostic(
                        .moduleCycle, at: at,
                        "expected modules nested at most \(options.maximumModuleDepth) deep, found '\(reference)' deeper")
                ]
            )
        }
        guard budget.remaining > 0 else {
            let message = "expected at most \(options.maximumModuleCount) module files in one compilation, found more at '\(reference)'"
            return (nil, [Diagnostic(.moduleCycle, at: at, message)])
        }
        budget.remaining -= 1
        guard let bytes = options.reader.read(path) else {
            return (nil, [Diagnostic(.moduleNotFound, at: at, "expected a module file at '\(reference)', found none (\(path))")])
        }
        if path.lowercased().hasSuffix(".json") { return json(bytes, path: path, at: at) }
        let child = ModuleLoader(options: options, chain: chain + [path], budget: budget)
        let compilation = child.compile(SyntaxTree(parsing: bytes, file: path, kind: .template))
        guard let template = compilation.template else { return (nil, compilation.diagnostics) }
        return (.template(template.placed(inFile: budget.fileIndex(of: path))), compilation.diagnostics)
    }

    private func json(_ bytes: [UInt8], path: String, at: SourceLocation) -> (ResolvedModule?, [Diagnostic]) {
        do {
            let value = try JSONReader().read(bytes)
            do {
                return (.template(try TemplateValue(json: value).placed(inFile: budget.fileIndex(of: path))), [])
            } catch {
                let where_ = SourceLocation(file: path, position: error.position)
                return (nil, [Diagnostic(.unsupportedBicep, at: where_, "not supported yet: a fractional number in an ARM JSON module")])
            }
        } catch {
            let where_ = SourceLocation(file: path, position: error.position)
            return (nil, [Diagnostic(.moduleNotFound, at: where_, "expected the module '\(path)' to be JSON: \(error.message)")])
        }
    }
}

/// What every level of one compilation's module loading shares: the number of module files it may still read, and
/// the table of module files its values come from (``BicepCompilation/includedFiles``).
final class ModuleBudget {
    var remaining: Int
    /// Each module file once, in the order they were first read: file index n is `includedFiles[n - 1]`.
    private(set) var includedFiles: [String] = []

    init(remaining: Int) {
        self.remaining = remaining
    }

    /// The file index of a module file, numbered when first asked for.
    func fileIndex(of path: String) -> UInt32 {
        if let existing = includedFiles.firstIndex(of: path) { return UInt32(existing + 1) }
        includedFiles.append(path)
        return UInt32(includedFiles.count)
    }
}
