public import Logging
import Foundation
import Synchronization

/// A swift-log handler that writes one JSON object per line: `time`, `level`, `label`, `message`, and the
/// metadata (Hummingbird's `hb.request.id` among it, so a request's lines can be joined with its audit record).
/// Messages and metadata are the caller's; the gateway never puts a secret in either.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: Sink

    /// Where lines go: standard error by default; tests pass a closure.
    public final class Sink: Sendable {
        private let write: @Sendable (String) -> Void
        private let lock = Mutex(())

        public init(_ write: @escaping @Sendable (String) -> Void) {
            self.write = write
        }

        public static let standardError = Sink { line in FileHandle.standardError.write(Data(line.utf8)) }

        func emit(_ line: String) {
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
        var object: [String: Any] = [
            "time": Date().formatted(.iso8601),
            "level": event.level.rawValue, "label": label, "message": event.message.description,
        ]
        for (key, value) in merged { object[key] = Self.json(value) }
        if let error = event.error { object["error"] = String(describing: type(of: error)) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        sink.emit(String(decoding: data, as: UTF8.self) + "\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let dictionary): dictionary.mapValues(json)
        }
    }
}
