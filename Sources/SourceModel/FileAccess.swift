public import Foundation

/// Reading and writing the files a user names, with messages that say what is wrong: the file does not exist, it is
/// a folder, or it exists and cannot be read (permissions). Every front end and command reads through here, so
/// none of them says "check its permissions" about a file that is not there.
public enum FileAccess {
    /// Why a named path cannot be read or written.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: String, Sendable, Hashable {
            case missing, isFolder, missingFolder, denied
        }

        public var path: String
        public var reason: Reason
        /// For a write: what was written ("the report"), named in the message.
        public var writing: String?

        public init(path: String, reason: Reason, writing: String? = nil) {
            self.path = path
            self.reason = reason
            self.writing = writing
        }

        /// The message without the path (a ``Diagnostic`` carries the path as its location).
        public var message: String {
            switch (reason, writing) {
            case (.missing, _): "no such file; check the path"
            case (.isFolder, nil): "is a folder; expected a file"
            case (.isFolder, let what?): "is a folder; cannot write \(what) there (give a file path)"
            case (.missingFolder, let what): "cannot write \(what ?? "the file"): the folder it goes in does not exist"
            case (.denied, nil): "cannot read the file; check its permissions"
            case (.denied, let what?): "cannot write \(what); check the folder's permissions"
            }
        }

        public var description: String { "\(path): \(message)" }

        /// An error at the file's first line, for the readers that collect diagnostics.
        public var diagnostic: Diagnostic { Diagnostic(reason == .missing ? .fileNotFound : .unreadableFile, file: path, message) }
    }

    /// The file's bytes, or why they cannot be had.
    public static func read(_ path: String) -> Result<Data, Failure> {
        if let data = FileManager.default.contents(atPath: path) { return .success(data) }
        return .failure(Failure(path: path, reason: problem(reading: path)))
    }

    /// The file's bytes as UTF-8 text; `nil` text when the bytes are not UTF-8.
    public static func readText(_ path: String) -> Result<String?, Failure> {
        read(path).map { String(data: $0, encoding: .utf8) }
    }

    /// Why `path` could not be read (called after a read failed).
    static func problem(reading path: String) -> Failure.Reason {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .missing }
        return isFolder.boolValue ? .isFolder : .denied
    }

    /// Writes `data` to `path` (replacing a file there); `what` names the content in the message ("the report").
    public static func write(_ data: Data, to path: String, what: String) -> Result<Void, Failure> {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return .failure(Failure(path: path, reason: .isFolder, writing: what))
        }
        let url = URL(fileURLWithPath: path)
        do {
            try data.write(to: url)
            return .success(())
        } catch {
            let parent = url.deletingLastPathComponent().path
            let reason: Failure.Reason =
                FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) && isFolder.boolValue ? .denied : .missingFolder
            return .failure(Failure(path: path, reason: reason, writing: what))
        }
    }

    /// Why `path` could not be written, found before anything is: it is a folder, its folder does not exist, or the
    /// folder is not writable. Nil when a write may go ahead.
    public static func writableProblem(_ path: String, what: String) -> Failure? {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        let folder = url.deletingLastPathComponent().path
        let reason: Failure.Reason
        if isSpecialFile(path) {
            // A device or pipe is written in place: its own permission counts, not its folder's.
            return access(path, W_OK) == 0 ? nil : Failure(path: path, reason: .denied, writing: what)
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            reason = .isFolder
        } else if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            reason = .missingFolder
        } else if access(folder, W_OK) != 0 {
            reason = .denied
        } else {
            return nil
        }
        return Failure(path: path, reason: reason, writing: what)
    }

    /// Whether `path` names something other than a regular file or a folder: `/dev/null`, `/dev/stdout`, a FIFO.
    /// Such a target is written in place; renaming a temporary file over it would replace the device.
    public static func isSpecialFile(_ path: String) -> Bool {
        guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType else { return false }
        return type != .typeRegular && type != .typeDirectory && type != .typeSymbolicLink
            || (type == .typeSymbolicLink && isSpecialFile(URL(fileURLWithPath: path).resolvingSymlinksInPath().path))
    }

    /// Writes `data` to a temporary file beside `path`, then renames it over `path`: a reader sees the old file or the
    /// new one, never half of one, and a failed write leaves nothing behind.
    public static func writeAtomically(_ data: Data, to path: String, what: String) -> Result<Void, Failure> {
        if isSpecialFile(path) { return write(data, to: path, what: what) }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        switch write(data, to: temporary.path, what: what) {
        case .failure(var failure):
            failure.path = path
            return .failure(failure)
        case .success:
            if rename(temporary.path, url.path) == 0 { return .success(()) }
            try? FileManager.default.removeItem(at: temporary)
            return write(data, to: path, what: what)
        }
    }
}
