import Foundation

/// Reads the files the gateway, key, audit and rule commands are given, saying exactly why one cannot be read: it
/// does not exist, it is a folder, it cannot be opened (permissions), or it is not UTF-8 text.
enum InputFile {
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        /// Why, without the path: "the configuration does not exist".
        var reason: String
        /// True when nothing is at the path.
        var missing = false

        var description: String { "\(path): \(reason)" }
    }

    /// The file's text. `what` names it in the message: "the configuration", "the audit log".
    static func text(at path: String, what: String) throws(Unreadable) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Unreadable(path: path, reason: "\(what) does not exist", missing: true)
        }
        guard !isFolder.boolValue else { throw Unreadable(path: path, reason: "\(what) is a folder; name a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(path: path, reason: "cannot open \(what); check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Unreadable(path: path, reason: "\(what) is not UTF-8 text") }
        return text
    }
}
