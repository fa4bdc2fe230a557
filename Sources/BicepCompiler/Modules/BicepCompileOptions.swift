import Foundation

/// How a compilation finds what the entry file refers to: local modules, registry modules, `bicepconfig.json`.
public struct BicepCompileOptions: Sendable {
    /// Reads every file besides the entry file's text (when given) through this.
    public var reader: BicepFileReader
    /// A folder of restored registry modules laid out `<registry>/<path>/<tag>/main.json`
    /// (`mcr.microsoft.com/bicep/avm/res/x/y/0.1.0/main.json`); nil when none is restored.
    public var registryRoot: String?
    /// The Bicep CLI's cache root (`~/.bicep`): registry modules not in ``registryRoot`` are read from its `br/`
    /// folder, where `bicep restore` puts them (``BicepCache``); a `cacheRootDirectory` in the nearest
    /// `bicepconfig.json` overrides it. Nil reads no cache.
    public var bicepCacheRoot: String?
    /// Reads an environment variable for `readEnvironmentVariable` in a `.bicepparam` file (the process's environment
    /// unless a test injects one: ``processEnvironment``).
    public var environment: @Sendable (_ name: String) -> String?
    /// How deep modules may nest before the compilation stops with a `module-depth` error.
    public var maximumModuleDepth: Int
    /// How many local module files one compilation may compile in all (each use counts), before it stops with a
    /// `module-cycle` error.
    public var maximumModuleCount: Int
    /// Emits languageVersion 2.0 (symbolic names) for every file, as the compiler's `symbolicNameCodegen` feature
    /// does; otherwise only files that need it get 2.0.
    public var symbolicNameCodegen: Bool = false

    /// The process's environment variables.
    public static let processEnvironment: @Sendable (_ name: String) -> String? = { ProcessInfo.processInfo.environment[$0] }

    /// - Parameters:
    ///   - reader: where files come from (the file system unless a test injects files).
    ///   - registryRoot: the folder of restored registry modules, if any.
    ///   - bicepCacheRoot: the Bicep CLI's cache root, if it is to be read.
    ///   - maximumModuleDepth: the deepest module nesting allowed.
    ///   - maximumModuleCount: the most module files compiled in one compilation.
    ///   - environment: the environment variables `readEnvironmentVariable` reads.
    public init(
        reader: BicepFileReader = .fileSystem, registryRoot: String? = nil, bicepCacheRoot: String? = nil, maximumModuleDepth: Int = 32,
        maximumModuleCount: Int = 2_000,
        environment: @escaping @Sendable (_ name: String) -> String? = BicepCompileOptions.processEnvironment
    ) {
        self.environment = environment
        self.reader = reader
        self.registryRoot = registryRoot
        self.bicepCacheRoot = bicepCacheRoot
        self.maximumModuleDepth = maximumModuleDepth
        self.maximumModuleCount = maximumModuleCount
    }
}
