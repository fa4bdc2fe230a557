public import AuditLog
import Logging
public import ServiceLifecycle

/// The gateway's audit log: records and events are appended off the event loops (on ``BlockingIO``), and the
/// log is sealed when the service stops (graceful shutdown, or cancellation once the server has stopped), so a
/// missing tail is detectable. In the `ServiceGroup` it sits before the server, so it stops after it.
public struct AuditTrail: Service {
    let writer: AuditLogWriter
    private let io: BlockingIO

    /// - Parameter writer: the open log; the trail seals it when it stops.
    public init(writer: AuditLogWriter) {
        self.init(writer: writer, io: .shared)
    }

    init(writer: AuditLogWriter, io: BlockingIO) {
        self.writer = writer
        self.io = io
    }

    /// Appends a request's record; a failure is logged, not thrown: the request has been answered, and losing its
    /// record must at least be loud. No secret is in the error.
    func append(_ record: AuditRecord, logger: Logger) async {
        do {
            try await io.run { () async throws(AuditLogWriter.Failure) in try await writer.append(record) }
        } catch {
            logger.error("audit log write failed", metadata: ["error": "\(error)"])
        }
    }

    /// Appends an event that is not a request (a suspension, say); a failure is logged.
    func append(event type: String, fields: [String: String], logger: Logger) async {
        do {
            try await io.run { () async throws(AuditLogWriter.Failure) in try await writer.append(event: type, fields: fields) }
        } catch {
            logger.error("audit log write failed", metadata: ["error": "\(error)"])
        }
    }

    /// Waits for shutdown, then seals the log.
    /// - Throws: ``AuditLogWriter/Failure`` when the seal cannot be written.
    public func run() async throws {
        try? await gracefulShutdown()
        try await io.run { () async throws(AuditLogWriter.Failure) in try await writer.close() }
    }
}
