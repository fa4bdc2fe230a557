/// What a module declaration's path names: a local file, an OCI registry artifact or a template spec.
enum ModuleReference: Sendable, Hashable {
    /// A path relative to the declaring file (`./child.bicep`, `../shared/template.json`).
    case local(String)
    /// `br:registry/path:tag` or `br/alias:path:tag`, with the alias already applied.
    case registry(registry: String, path: String, tag: String)
    /// `ts:...` or `ts/alias:...` (never resolved offline).
    case templateSpec(String)
    /// `br/alias:...` with an alias that neither `bicepconfig.json` nor the built-in `public` alias defines.
    case unknownAlias(String)

    /// Parses a module path as the compiler reads it.
    static func parse(_ text: String, aliases: ModuleAliases) -> ModuleReference {
        if text.hasPrefix("ts:") || text.hasPrefix("ts/") { return .templateSpec(text) }
        if text.hasPrefix("br:") {
            return registryArtifact(String(text.dropFirst(3)), prefix: nil, text) ?? .unknownAlias(text)
        }
        if text.hasPrefix("br/"), let colon = text.firstIndex(of: ":") {
            let alias = String(text[text.index(text.startIndex, offsetBy: 3)..<colon])
            guard let target = aliases.registry[alias] else { return .unknownAlias(text) }
            let rest = String(text[text.index(after: colon)...])
            let full = target.modulePath.map { $0 + "/" + rest } ?? rest
            return registryArtifact(target.registry + "/" + full, prefix: nil, text) ?? .unknownAlias(text)
        }
        return .local(text)
    }

    /// `registry/path/segments:tag` split into its parts (nil when a part is missing; digests `@sha256:` are kept
    /// as the tag folder name).
    private static func registryArtifact(_ body: String, prefix: String?, _ original: String) -> ModuleReference? {
        guard let slash = body.firstIndex(of: "/") else { return nil }
        let registry = String(body[..<slash])
        let rest = body[body.index(after: slash)...]
        if let at = rest.firstIndex(of: "@") {
            return .registry(registry: registry, path: String(rest[..<at]), tag: String(rest[rest.index(after: at)...]))
        }
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        let path = String(rest[..<colon])
        let tag = String(rest[rest.index(after: colon)...])
        guard !registry.isEmpty, !path.isEmpty, !tag.isEmpty else { return nil }
        return .registry(registry: registry, path: path, tag: tag)
    }
}

/// The `moduleAliases.br` section of `bicepconfig.json`, plus the built-in `public` alias
/// (`mcr.microsoft.com/bicep`).
struct ModuleAliases: Sendable {
    struct Target: Sendable {
        var registry: String
        var modulePath: String?
    }

    var registry: [String: Target] = ["public": Target(registry: "mcr.microsoft.com", modulePath: "bicep")]
    /// The same configuration's `experimentalFeaturesEnabled.symbolicNameCodegen`: every file is compiled to
    /// languageVersion 2.0.
    var symbolicNameCodegen = false
}
