import BicepCompiler
import Foundation

/// What the Bicep front end is told from outside the files it reads.
public struct BicepSettings: Sendable, Hashable {
    /// A folder of registry modules for offline restore (`--bicep-registry`, or `BULWARK_BICEP_REGISTRY`), laid out as
    /// `DIR/<registry>/<path>/<tag>/main.json`: `br:` and `br/public:` modules resolve there; one that does not is
    /// a `module-not-restored` warning, and its resources are not seen.
    public var registryFolder: String?
    /// The Bicep CLI's cache root (`~/.bicep` for `bulwark`; nil reads no cache): registry modules that are not in
    /// ``registryFolder`` are read from the modules `bicep restore` cached under it.
    public var bicepCacheFolder: String?
    /// The environment variables `readEnvironmentVariable` reads in `.bicepparam` files; nil for the process's own.
    public var environment: [String: String]?

    public init(registryFolder: String? = nil, bicepCacheFolder: String? = nil, environment: [String: String]? = nil) {
        self.registryFolder = registryFolder
        self.bicepCacheFolder = bicepCacheFolder
        self.environment = environment
    }

    /// The compiler's options: local files from the file system, registry modules from ``registryFolder``, then the
    /// Bicep CLI's cache.
    var compileOptions: BicepCompileOptions {
        guard let environment else { return BicepCompileOptions(registryRoot: registryFolder, bicepCacheRoot: bicepCacheFolder) }
        return BicepCompileOptions(registryRoot: registryFolder, bicepCacheRoot: bicepCacheFolder, environment: { environment[$0] })
    }
}
