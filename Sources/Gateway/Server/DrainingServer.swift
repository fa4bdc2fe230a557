import ServiceLifecycle

/// The HTTP server as a service with a drain deadline: on graceful shutdown it stops accepting and gives
/// in-flight requests (streams included) `deadline` to finish, then cancels them (a cut stream is recorded as
/// `stream_interrupted`). The deadline is the server's alone, so the services after it in the group (the audit
/// log's seal among them) always run their own shutdown once the server has stopped.
struct DrainingServer: Service {
    let server: any Service
    let deadline: Duration

    func run() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await server.run()
                return true
            }
            group.addTask {
                // Cancelled (the server ended first, or the group was cancelled): nothing is left to cut.
                try? await gracefulShutdown()
                try? await Task.sleep(for: deadline)
                return false
            }
            // The server ending first cancels the deadline; the deadline passing cancels the server, which then ends.
            while let serverEnded = try await group.next() {
                group.cancelAll()
                if serverEnded { return }
            }
        }
    }
}
