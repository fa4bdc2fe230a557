import Crypto
import Foundation

/// A file written in chunks through a buffer, hashed (SHA-256) as it is written, so a large snapshot never sits in
/// memory as one string.
struct HashedFileOutput {
    let path: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    /// Bytes gathered before they are written.
    static let chunkSize = 1 << 20

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(SnapshotError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw SnapshotError(.inputOutput, path: path, "cannot create the file; check that the folder is writable")
        }
        self.path = path
        self.handle = handle
        buffer.reserveCapacity(Self.chunkSize + 64 * 1024)
    }

    /// Appends bytes, writing out a chunk once the buffer is full.
    mutating func write(_ bytes: [UInt8]) throws(SnapshotError) {
        buffer += bytes
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Writes out what is buffered.
    mutating func flush() throws(SnapshotError) {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SnapshotError(.inputOutput, path: path, "cannot write the file (\(error.localizedDescription))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out the rest, closes the file, and returns its SHA-256 in lower-case hex.
    mutating func finish() throws(SnapshotError) -> String {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw SnapshotError(.inputOutput, path: path, "cannot finish writing the file (\(error.localizedDescription))")
        }
        return Self.hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
