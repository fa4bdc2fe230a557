import Foundation

/// Reads the files a Bicep compilation needs besides the entry file: local modules, registry modules,
/// `bicepconfig.json` and the files of `load*` functions. Injected so that tests compile in-memory files.
public struct BicepFileReader: Sendable {
    /// The bytes of the file at a path, or nil when there is none (or it cannot be read).
    public var read: @Sendable (_ path: String) -> [UInt8]?

    public init(read: @escaping @Sendable (_ path: String) -> [UInt8]?) {
        self.read = read
    }

    /// The largest file the file system reader reads: far above any template ARM accepts (4 MB), and a bound for a
    /// template that names a huge file.
    public static let maximumFileBytes = 64 * 1_048_576

    /// Reads regular files (symbolic links followed) of at most ``maximumFileBytes`` from the file system; a device,
    /// a pipe or a folder is no file here, so a template naming `/dev/zero` cannot make a scan read forever.
    public static let fileSystem = BicepFileReader { path in
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = (attributes[.size] as? NSNumber)?.intValue, size <= maximumFileBytes
        else { return nil }
        return FileManager.default.contents(atPath: resolved).map { [UInt8]($0) }
    }

    /// Reads from a dictionary of paths (normalized as ``BicepPath/normalize(_:)`` does) to UTF-8 texts.
    public static func inMemory(_ files: [String: String]) -> BicepFileReader {
        let normalized = Dictionary(files.map { (BicepPath.normalize($0.key), Array($0.value.utf8)) }) { first, _ in first }
        return BicepFileReader { normalized[BicepPath.normalize($0)] }
    }
}

/// Path arithmetic on `/`-separated paths, without touching the file system.
public enum BicepPath {
    /// The folder of a file path (`""` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path == "/" ? "/" : String(path[..<slash]).isEmpty ? "/" : String(path[..<slash])
    }

    /// `relative` resolved against the folder of `file`, normalized; an absolute `relative` stands alone.
    public static func resolve(_ relative: String, from file: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        let folder = directory(of: file)
        return normalize(folder.isEmpty ? relative : folder + "/" + relative)
    }

    /// The path without `.` segments, empty segments and `x/..` pairs.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
