import Foundation

extension KeyStoreError.Code {
    /// The location names no existing store (an SQLite file that is not there) and the command does not create one.
    public static let notFound = Self(rawValue: "not_found")
}

extension KeyStoreLocation {
    /// Why the store cannot be used as it is: an SQLite file whose folder does not exist, or (unless `creating`)
    /// that does not exist itself, since opening it would silently make an empty store. Nil for PostgreSQL, which is
    /// checked when connecting.
    public func problem(creating: Bool) -> KeyStoreError? {
        guard case .sqlite(let path) = self else { return nil }
        var isFolder: ObjCBool = false
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            return KeyStoreError(.notFound, "\(description): the folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            return isFolder.boolValue ? KeyStoreError(.invalidLocation, "\(description): \(path) is a folder; name the database file") : nil
        }
        guard creating else {
            return KeyStoreError(
                .notFound, "\(description): there is no key store at \(path); `bulwark keys create --store \(description) ...` creates one")
        }
        return nil
    }
}
