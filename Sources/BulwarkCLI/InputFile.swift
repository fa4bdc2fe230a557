import Foundation
import SourceModel

/// Reads the files the gateway, key, audit and rule commands are given, naming the file's role in the message:
/// "the configuration does not exist", "the audit log is a folder; name a file". Why a file cannot be read is
/// decided once, by ``FileAccess``, which the scanner's readers use too.
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
        switch FileAccess.readText(path) {
        case .success(let text?):
            return text
        case .success(nil):
            throw Unreadable(path: path, reason: "\(what) is not UTF-8 text")
        case .failure(let failure):
            switch failure.reason {
            case .missing, .missingFolder: throw Unreadable(path: path, reason: "\(what) does not exist", missing: true)
            case .isFolder: throw Unreadable(path: path, reason: "\(what) is a folder; name a file")
            case .denied: throw Unreadable(path: path, reason: "cannot open \(what); check its permissions")
            }
        }
    }
}
