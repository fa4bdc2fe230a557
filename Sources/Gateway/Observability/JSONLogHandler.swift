#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
public import Logging
import Foundation
import Synchronization

/// A swift-log handler that writes one JSON object per line: `time`, `level`, `label`, `message`, and the
/// metadata (Hummingbird's `hb.request.id` among it, so a request's lines can be joined with its audit record),
/// keys in byte order. Messages and metadata are the caller's; the gateway never puts a secret in either.
///
/// Every request writes a line, so the line is built by ``JSONLogLine`` straight into bytes: Foundation's
/// `JSONSerialization` with sorted keys (which compares keys through ICU) cost a quarter of the gateway's CPU.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: Sink

    /// Where lines go: standard error by default; tests pass a closure.
    public final class Sink: Sendable {
        private let write: @Sendable ([UInt8]) -> Void
        private let lock = Mutex(())

        public convenience init(_ write: @escaping @Sendable (String) -> Void) {
            self.init(bytes: { write(String(decoding: $0, as: UTF8.self)) })
        }

        public init(bytes write: @escaping @Sendable ([UInt8]) -> Void) {
            self.write = write
        }

        /// Standard error, written with `write(2)` (see ``writeToStandardError(_:)``).
        public static let standardError = Sink(bytes: writeToStandardError)

        func emit(_ line: [UInt8]) {
            lock.withLock { _ in write(line) }  // whole lines, never interleaved
        }
    }

    public init(label: String, sink: Sink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        merged["time"] = .string(JSONLogLine.timestamp(Date()))
        merged["level"] = .string(event.level.rawValue)
        merged["label"] = .string(label)
        merged["message"] = .string(event.message.description)
        if let error = event.error { merged["error"] = .string(String(describing: type(of: error))) }
        var line = JSONLogLine.object(merged)
        line.append(UInt8(ascii: "\n"))
        sink.emit(line)
    }
}

/// Writes `line` to standard error with `write(2)`: a short write is continued, an interrupted one retried, and a line
/// that cannot be written is dropped (logging must not stop the gateway). `FileHandle` wrapped each line in `Data`.
private func writeToStandardError(_ line: [UInt8]) {
    line.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
