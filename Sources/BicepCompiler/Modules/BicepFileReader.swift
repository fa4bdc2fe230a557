import Foundation

/// Reads the files a Bicep compilation needs besides the entry file: local modules, registry modules,
/// `bicepconfig.json` and the files of `load*` functions. Injected so that tests compile in-memory files.
public struct BicepFileReader: Sendable {
    /// The bytes of the file at a path, or nil when there is none (or it cannot be read).
    public var read: @Sendable (_ path: String) -> [UInt8]?
    /// The names of the regular files directly in a folder (for `loadDirectoryFileInfo`), or nil when it is no
    /// folder.
    public var listFiles: @Sendable (_ directory: String) -> [String]?

    public init(
        read: @escaping @Sendable (_ path: String) -> [UInt8]?,
        listFiles: @escaping @Sendable (_ directory: String) -> [String]? = { _ in nil }
    ) {
        self.read = read
        self.listFiles = listFiles
    }

    /// The most files `loadDirectoryFileInfo` lists in one folder.
    public static let maximumListedFiles = 10_000

    /// The largest file the file system reader reads: far above any template ARM accepts (4 MB), and a bound for a
    /// template that names a huge file.
    public static let maximumFileBytes = 64 * 1_048_576

    /// Reads regular files (symbolic links followed) of at most ``maximumFileBytes`` from the file system; a device,
    /// a pipe or a folder is no file here, so a template naming `/dev/zero` cannot make a scan read forever.
    public static let fileSystem = BicepFileReader(
        read: { path in
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let size = (attributes[.size] as? NSNumber)?.intValue, size <= maximumFileBytes
            else { return nil }
            return FileManager.default.contents(atPath: resolved).map { [UInt8]($0) }
        },
        listFiles: { directory in
            let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: resolved) else { return nil }
            return names.prefix(maximumListedFiles).filter { name in
                let attributes = try? FileManager.default.attributesOfItem(
                    atPath: URL(fileURLWithPath: resolved + "/" + name).resolvingSymlinksInPath().path)
                return attributes?[.type] as? FileAttributeType == .typeRegular
            }
        })

    /// Reads from a dictionary of paths (normalized as ``BicepPath/normalize(_:)`` does) to UTF-8 texts.
    public static func inMemory(_ files: [String: String]) -> BicepFileReader {
        let normalized = Dictionary(files.map { (BicepPath.normalize($0.key), Array($0.value.utf8)) }) { first, _ in first }
        return BicepFileReader(
            read: { normalized[BicepPath.normalize($0)] },
            listFiles: { directory in
                let prefix = BicepPath.normalize(directory) + "/"
                let names = normalized.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                let files = names.filter { !$0.contains("/") }
                return files.isEmpty && names.isEmpty ? nil : files
            })
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
