public import Foundation

/// A new empty folder under the system's temporary directory, removed by `remove()` (call it in a `defer`).
public struct TemporaryFolder: Sendable {
    public let url: URL

    /// - Parameter prefix: the start of the folder's name, to tell tests' leftovers apart.
    public init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` in the folder.
    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
