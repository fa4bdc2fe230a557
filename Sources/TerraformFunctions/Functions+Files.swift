import Foundation
import TerraformModel

/// The filesystem functions: `abspath basename dirname pathexpand file fileexists fileset filebase64` (and the file
/// reading the `file*` hash functions share). Relative paths resolve against the calling module's folder.
enum FileFunctions {
    /// Files larger than this are refused rather than read into memory.
    static let maximumFileSize = 64 * 1024 * 1024

    static func basename(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(Path.base(try arguments.string(0)))
    }

    static func dirname(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(Path.directory(try arguments.string(0)))
    }

    /// Absolute against the root module's folder, where Terraform runs.
    static func abspath(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let path = try arguments.string(0)
        if path.hasPrefix("/") { return .string(Path.clean(path)) }
        var root = arguments.context.rootDirectory
        if !root.hasPrefix("/") { root = FileManager.default.currentDirectoryPath + "/" + root }
        return .string(Path.clean(root + "/" + path))
    }

    static func pathexpand(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(try expandHome(try arguments.string(0), arguments))
    }

    private static func expandHome(_ path: String, _ arguments: Arguments) throws(TerraformFunctionError) -> String {
        guard path.hasPrefix("~") else { return path }
        guard path == "~" || path.hasPrefix("~/") else { throw arguments.failed("cannot expand user-specific home dir") }
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
            throw arguments.failed("failed to expand ~: $HOME is not defined")
        }
        return home + path.dropFirst()
    }

    /// The path made absolute: `~` expanded, relative paths joined to the module's folder, then cleaned.
    static func resolve(_ path: String, _ arguments: Arguments) throws(TerraformFunctionError) -> String {
        let expanded = try expandHome(path, arguments)
        return Path.clean(expanded.hasPrefix("/") ? expanded : arguments.context.moduleDirectory + "/" + expanded)
    }

    /// A path for a message: the sensitive argument's text is never shown.
    private static func shown(_ path: String, _ arguments: Arguments) -> String {
        arguments[0].isSensitive ? "(sensitive value)" : path
    }

    /// The bytes of the file at the path in argument 0.
    static func readBytes(_ arguments: Arguments) throws(TerraformFunctionError) -> Data {
        let given = try arguments.string(0)
        let path = try resolve(given, arguments)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw arguments.failed(
                "no file exists at \(shown(given, arguments)); this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource"
            )
        }
        guard !isDirectory.boolValue else { throw arguments.failed("failed to read file: \(shown(given, arguments)) is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileSize else {
            throw arguments.failed("\(shown(given, arguments)) has \(size) bytes; files over \(maximumFileSize) bytes are not read")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw arguments.failed("failed to read file \(shown(given, arguments))")
        }
    }

    static func file(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let data = try readBytes(arguments)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw arguments.failed(
                "contents of \(shown(try arguments.string(0), arguments)) are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"
            )
        }
        return .string(text)
    }

    static func filebase64(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(try readBytes(arguments).base64EncodedString())
    }

    /// True for a regular file, false when nothing is there; a directory is an error, as in Terraform.
    static func fileexists(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let given = try arguments.string(0)
        let path = try resolve(given, arguments)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .bool(false) }
        if isDirectory.boolValue { throw arguments.invalid(0, "\(shown(given, arguments)) is a directory, not a file") }
        return .bool(true)
    }

    /// `fileset(path, pattern)`: the regular files under `path` whose relative paths match the glob (`*`, `?`,
    /// `[...]`, `{a,b}`, `**` for any number of folders), as a set of `/`-separated relative paths.
    static func fileset(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let base = try resolve(try arguments.string(0), arguments)
        let pattern = try arguments.string(1)
        let glob = Glob(pattern)
        var matches: [TerraformValue] = []
        var visited = 0
        var pending: [(folder: String, relative: String, depth: Int)] = [(base, "", 0)]
        while let (folder, relative, depth) = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                visited += 1
                guard visited <= 100_000 else { throw arguments.failed("more than 100000 entries under the folder; narrow the path") }
                let path = folder + "/" + name
                let relativePath = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if depth < 64 { pending.append((path, relativePath, depth + 1)) }
                } else if glob.matches(relativePath) {
                    matches.append(.string(relativePath))
                }
            }
        }
        return .set(matches)
    }
}

/// Go's `path/filepath` operations on `/`-separated paths.
enum Path {
    /// `filepath.Clean`: no `.`, no `..` after a name, no doubled or trailing `/`.
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", rooted { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `filepath.Base`: the last element, trailing slashes ignored.
    static func base(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let trimmed = path.reversed().drop { $0 == "/" }
        guard !trimmed.isEmpty else { return "/" }
        return String(String(trimmed.reversed()).split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// `filepath.Dir`: everything but the last element, cleaned.
    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }
}
