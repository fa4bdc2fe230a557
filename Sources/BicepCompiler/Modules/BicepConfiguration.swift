import Foundation

extension ModuleAliases {
    /// The aliases of the `bicepconfig.json` nearest to `file` (its folder, then each parent), read through `reader`,
    /// and its `experimentalFeaturesEnabled.symbolicNameCodegen`. A configuration that is not JSON, or has no
    /// `moduleAliases`, adds no alias.
    static func nearest(to file: String, reader: BicepFileReader) -> ModuleAliases {
        var aliases = ModuleAliases()
        var folder = BicepPath.directory(of: file)
        for _ in 0..<64 {
            let candidate = folder.isEmpty ? "bicepconfig.json" : (folder == "/" ? "/bicepconfig.json" : folder + "/bicepconfig.json")
            if let bytes = reader.read(candidate) {
                aliases.add(configuration: bytes)
                return aliases
            }
            if folder.isEmpty || folder == "/" { break }
            folder = BicepPath.directory(of: folder)
        }
        return aliases
    }

    private mutating func add(configuration bytes: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return }
        if let features = object["experimentalFeaturesEnabled"] as? [String: Any], features["symbolicNameCodegen"] as? Bool == true {
            symbolicNameCodegen = true
        }
        guard let moduleAliases = object["moduleAliases"] as? [String: Any],
            let registryAliases = moduleAliases["br"] as? [String: Any]
        else { return }
        for (alias, value) in registryAliases {
            guard let entry = value as? [String: Any], let registryName = entry["registry"] as? String else { continue }
            registry[alias] = Target(registry: registryName, modulePath: entry["modulePath"] as? String)
        }
    }
}
