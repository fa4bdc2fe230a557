import RateLimits
import ServiceLifecycle

/// Holds the limit store for the gateway's `ServiceGroup`: when graceful shutdown reaches it (after the server has
/// drained, since it is listed before the server), the store writes what still waits and closes.
struct LimitStoreService: Service {
    let store: any LimitStore

    func run() async {
        // Sleeps until shutdown; cancellation (a forced stop) ends the wait too.
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
