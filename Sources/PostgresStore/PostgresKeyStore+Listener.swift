import Foundation
import PostgresNIO

/// The listener: one pooled connection that `LISTEN`s on ``PostgresKeyStore/channel``, drops from memory each key
/// or suspension a notification names, and confirms the connection with a heartbeat so memory is trusted only
/// while changes can still arrive. On any failure it marks the connection lost, waits (0.1 s, doubling up to 2 s)
/// and connects again, emptying memory, since notifications sent meanwhile are lost.
extension PostgresKeyStore {
    func listen() async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await listenOnce()
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "key store listener disconnected; reconnecting",
                    metadata: ["error": "\(Self.describe(error))", "retry.seconds": "\(backoff)"])
            }
            cache.withLock { $0.listenerLost() }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
        cache.withLock { $0.listenerLost() }
    }

    private func listenOnce() async throws {
        let heartbeat = options.heartbeat, timeout = options.timeout
        try await client.withConnection { [self] connection in
            try await connection.listen(on: Self.channel) { notifications in
                self.cache.withLock { $0.listenerConnected(at: .now) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await notification in notifications {
                            self.cache.withLock { $0.invalidate(notification.payload) }
                        }
                        throw ListenerEnded()
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: heartbeat)
                            try await Self.confirm(connection, within: timeout)
                            self.cache.withLock { $0.confirmed(at: .now) }
                        }
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        }
    }

    /// A trivial query on the listener's connection. When no answer comes within `timeout`, the connection is
    /// closed (so it never returns to the pool) and the listener starts over.
    private static func confirm(_ connection: PostgresConnection, within timeout: Duration) async throws {
        do {
            // The query may outlive this call only until the close below ends it.
            _ = try await Deadline.run(timeout) { try await connection.query("SELECT 1", logger: quiet).collect().count }
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private struct ListenerEnded: Error {}
}
