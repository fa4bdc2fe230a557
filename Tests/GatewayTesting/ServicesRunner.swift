public import ServiceLifecycle
public import Logging

/// Runs `services` (a gateway's background queues, say) in a `ServiceGroup` while `body` runs, then shuts them
/// down gracefully, so whatever they had queued is done before this returns.
public func withRunningServices<Value: Sendable>(
    _ services: [any Service], logger: Logger = Logger(label: "gateway-testing"), _ body: () async throws -> Value
) async throws -> Value {
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
