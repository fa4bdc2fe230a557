import APIKeys
import ServiceLifecycle

/// Reads the SQLite key store's change mark every `interval` on the blocking pool and hands it to ``KeyMemory``:
/// a revocation, rotation or limit change by `bulwark keys` (another process) or through this gateway empties the
/// memory within one interval. A mark that cannot be read leaves memory unconfirmed, so it stops being believed
/// after its staleness bound. Stops at graceful shutdown.
struct KeyChangeWatcher: Service {
    let store: APIKeyStore
    let io: BlockingIO
    let memory: KeyMemory
    var interval: Duration = .milliseconds(100)

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await poll()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }

    /// One read of the mark.
    func poll() async {
        let store = self.store
        guard let mark = try? await io.run({ () async throws(KeyStoreError) in try store.keyChangeMark() }) else { return }
        memory.observe(mark)
    }
}
