import BicepCompiler

/// What the Bicep front end is told from outside the files it reads.
public struct BicepSettings: Sendable, Hashable {
    /// A folder of registry modules for offline restore (`--bicep-registry`, or `BULWARK_BICEP_REGISTRY`), laid out as
    /// `DIR/<registry>/<path>/<tag>/main.json`: `br:` and `br/public:` modules resolve there; one that does not is
    /// a `module-not-restored` warning, and its resources are not seen.
    public var registryFolder: String?

    public init(registryFolder: String? = nil) {
        self.registryFolder = registryFolder
    }

    /// The compiler's options: local files from the file system, registry modules from ``registryFolder``.
    var compileOptions: BicepCompileOptions { BicepCompileOptions(registryRoot: registryFolder) }
}
