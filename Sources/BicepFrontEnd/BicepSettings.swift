/// What the Bicep front end is told from outside the files it reads.
public struct BicepSettings: Sendable, Hashable {
    /// A folder of registry modules for offline restore (`--bicep-registry`, or `BULWARK_BICEP_REGISTRY`), laid out as
    /// `DIR/<registry>/<path>/<tag>/main.json`. Accepted and passed down today; the compiler does not resolve
    /// registry modules yet, so nothing reads it.
    public var registryFolder: String?

    public init(registryFolder: String? = nil) {
        self.registryFolder = registryFolder
    }
}
