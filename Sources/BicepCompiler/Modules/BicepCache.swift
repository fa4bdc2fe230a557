import Foundation

/// Where the Bicep CLI keeps the registry modules `bicep restore` (or a build) pulled:
/// `<cache root>/br/<registry>/<repository>/<tag>/main.json`, as its `OciArtifactCacheAccessor` and `TagEncoder` write
/// them. The cache root is `~/.bicep` unless the nearest `bicepconfig.json` sets `cacheRootDirectory`.
enum BicepCache {
    /// The compiler's longest OCI tag (`IOciArtifactReference.MaxTagLength`).
    static let maximumTagLength = 128

    /// The cached `main.json` of `registry/repository:tag` (or `@digest`, given as a tag holding `:`) under `root`;
    /// nil for a tag the compiler would not cache.
    ///
    /// The registry is lower-cased with `:` (a port) written `$`; the repository's `/` are written `$`, so it is one
    /// folder; a digest's `:` is written `#`; a tag is followed by `$` and, when it has capitals, a hexadecimal mask of
    /// their positions (the cache must work on case-insensitive file systems): `1.0.0` → `1.0.0$`, `V1Beta` →
    /// `V1Beta$5`.
    static func moduleFile(root: String, registry: String, repository: String, tag: String) -> String? {
        let registryFolder = registry.replacingOccurrences(of: ":", with: "$").lowercased()
        let repositoryFolder = repository.replacingOccurrences(of: "/", with: "$")
        let tagFolder: String
        if tag.contains(":") {
            tagFolder = tag.replacingOccurrences(of: ":", with: "#")
        } else {
            guard let encoded = encode(tag: tag) else { return nil }
            tagFolder = encoded
        }
        return BicepPath.normalize("\(root)/br/\(registryFolder)/\(repositoryFolder)/\(tagFolder)/main.json")
    }

    /// The tag's folder name: the tag, `$`, then the bits of its capital letters' positions as 64-bit words in
    /// hexadecimal, highest word first, leading zero words left out (every word after the first written is padded
    /// to 16 digits).
    static func encode(tag: String) -> String? {
        let units = Array(tag.utf16)
        guard units.count <= maximumTagLength else { return nil }
        var masks = [UInt64](repeating: 0, count: (maximumTagLength + 63) / 64)
        for (index, unit) in units.enumerated() where (0x41...0x5A).contains(unit) {
            masks[index / 64] |= 1 << UInt64(index % 64)
        }
        var encoded = tag + "$"
        var padded = false
        for mask in masks.reversed() where mask != 0 || padded {
            let hex = String(mask, radix: 16)
            encoded += padded ? String(repeating: "0", count: 16 - hex.count) + hex : hex
            padded = true
        }
        return encoded
    }

    /// The cache root for a file: `cacheRootDirectory` of the nearest `bicepconfig.json` (relative to that file's
    /// folder when relative), else `defaultRoot`.
    static func root(for file: String, defaultRoot: String, reader: BicepFileReader) -> String {
        var folder = BicepPath.directory(of: file)
        for _ in 0..<64 {
            let candidate = folder.isEmpty ? "bicepconfig.json" : (folder == "/" ? "/bicepconfig.json" : folder + "/bicepconfig.json")
            if let bytes = reader.read(candidate) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                    let configured = object["cacheRootDirectory"] as? String, !configured.isEmpty
                else { return defaultRoot }
                return BicepPath.resolve(configured, from: candidate)
            }
            if folder.isEmpty || folder == "/" { break }
            folder = BicepPath.directory(of: folder)
        }
        return defaultRoot
    }
}
