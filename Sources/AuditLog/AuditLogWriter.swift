public import Crypto
import Foundation

/// Appends hash-chained, MAC'd JSON lines to the audit log. The active file is exactly the configured path;
/// when it grows past `maximumBytes` it is sealed and renamed with a numeric suffix, and the chain continues
/// in a new file at the path. `close()` writes a final seal. A new log (no file, or an empty one) starts with a
/// genesis record (``AuditGenesis``) that names it, so an emptied or beheaded log cannot pass as intact.
public actor AuditLogWriter {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private let path: String
    private let key: SymmetricKey
    private let maximumBytes: Int
    private var handle: FileHandle
    private var sequence: Int
    private var previous: String
    private var bytesWritten: Int
    private var recordsSinceSeal = 0

    /// Opens the log at `path`, continuing the chain of an existing file, or starting a new log with its genesis
    /// record (`gatewayVersion` is recorded there).
    public init(
        path: String, key: SymmetricKey, maximumBytes: Int = 64 * 1024 * 1024, gatewayVersion: String = "unknown"
    ) throws(Failure) {
        self.path = path
        self.key = key
        self.maximumBytes = maximumBytes
        let manager = FileManager.default
        if !manager.fileExists(atPath: path), !manager.createFile(atPath: path, contents: nil) {
            throw Failure(description: "cannot create the audit log at \(path)")
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw Failure(description: "cannot open the audit log at \(path)") }
        // Continuing an existing log needs its last line; a file that is not text cannot be continued.
        guard let existing = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "the audit log at \(path) is not readable text; move it aside (and keep it) before starting")
        }
        let lines = existing.split(separator: "\n", omittingEmptySubsequences: true)
        // Appending at any other offset would overwrite the chain, so a failed seek stops the start.
        do { try handle.seekToEnd() } catch {
            throw Failure(description: "cannot seek to the end of the audit log at \(path): \(error)")
        }
        var previous = lines.last.map { AuditChain.hash(String($0)) } ?? AuditChain.noPrevious
        var sequence = lines.last.flatMap { Self.sequence(of: String($0)) }.map { $0 + 1 } ?? 0
        var bytesWritten = existing.utf8.count
        var unsealed = 0
        if lines.isEmpty {
            // A new log: its genesis record names it. (An actor's synchronous init cannot call `write`.)
            let genesis = AuditGenesis(logID: UUID().uuidString.lowercased(), created: Date(), gatewayVersion: gatewayVersion, key: key)
            let line = AuditChain.line(genesis.members, sequence: sequence, previous: previous, key: key)
            do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch {
                throw Failure(description: "cannot write the audit log's genesis record at \(path): \(error.localizedDescription)")
            }
            previous = AuditChain.hash(line)
            sequence += 1
            bytesWritten += line.utf8.count + 1
            unsealed = 1
        }
        self.handle = handle
        self.previous = previous
        self.sequence = sequence
        self.bytesWritten = bytesWritten
        self.recordsSinceSeal = unsealed
    }

    public func append(_ record: AuditRecord) throws(Failure) {
        try write(record.members)
        recordsSinceSeal += 1
        if bytesWritten >= maximumBytes { try rotate() }
    }

    /// An event that is not a request (a suspension, say), chained and MAC'd like every record. `type` names it.
    public func append(event type: String, fields: [String: String]) throws(Failure) {
        var line = fields
        line["type"] = type
        line["time"] = Date().formatted(.iso8601)
        try write(line.map { ($0.key, .string($0.value)) })
        recordsSinceSeal += 1
        if bytesWritten >= maximumBytes { try rotate() }
    }

    /// Seals the log, as on shutdown.
    public func close() throws(Failure) {
        try seal()
        try? handle.close()
    }

    private func seal() throws(Failure) {
        try write([("type", .string("seal")), ("count", .int(recordsSinceSeal)), ("lastHash", .string(previous))])
        recordsSinceSeal = 0
    }

    private func rotate() throws(Failure) {
        try seal()
        try? handle.close()
        var suffix = 1
        while FileManager.default.fileExists(atPath: "\(path).\(suffix)") { suffix += 1 }
        do { try FileManager.default.moveItem(atPath: path, toPath: "\(path).\(suffix)") } catch {
            throw Failure(description: "cannot rotate the audit log: \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot create the audit log at \(path)")
        }
        self.handle = handle
        bytesWritten = 0
    }

    private func write(_ members: [(key: String, value: AuditJSONValue)]) throws(Failure) {
        let line = AuditChain.line(members, sequence: sequence, previous: previous, key: key)
        do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch {
            throw Failure(description: "cannot write the audit log: \(error.localizedDescription)")
        }
        previous = AuditChain.hash(line)
        sequence += 1
        bytesWritten += line.utf8.count + 1
    }

    private static func sequence(of line: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object["seq"] as? Int
    }
}
