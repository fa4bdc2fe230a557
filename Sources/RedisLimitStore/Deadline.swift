import RESP
import RateLimits
import Synchronization

/// Runs a call to Redis against a deadline without waiting for it past the deadline: the call goes on in the
/// background and its late answer is handed to `late`.
enum Deadline {
    /// Resumes one continuation once, whoever comes first.
    private final class Once<Value: Sendable>: Sendable {
        let continuation: Mutex<CheckedContinuation<Value, Never>?>
        init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = Mutex(continuation) }

        /// Resumes with `value` unless already resumed; whether this call did.
        func resume(_ value: Value) -> Bool {
            guard let continuation = continuation.withLock({ $0.take() }) else { return false }
            continuation.resume(returning: value)
            return true
        }
    }

    /// The call's result, or ``RateLimits/LimitStoreError/unavailable`` when `timeout` passes first (or the call
    /// fails).
    static func run<T: Sendable>(
        _ timeout: Duration, _ call: @escaping @Sendable () async -> Result<T, RESPError>,
        late: @escaping @Sendable (Result<T, RESPError>) -> Void = { _ in }
    ) async -> Result<T, LimitStoreError> {
        let result: Result<T, RESPError>? = await withCheckedContinuation { continuation in
            let once = Once<Result<T, RESPError>?>(continuation)
            let timer = Task {
                // Cancelled when the call answered first.
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                _ = once.resume(nil)
            }
            Task {
                let result = await call()
                timer.cancel()
                if !once.resume(result) { late(result) }
            }
        }
        switch result {
        case nil:
            return .failure(.unavailable("Redis did not answer within \(timeout)"))
        case .failure(let error)?:
            return .failure(unavailable(error))
        case .success(let value)?:
            return .success(value)
        }
    }

    /// A client error as the store reports it: Redis is unavailable, and why.
    static func unavailable(_ error: RESPError) -> LimitStoreError {
        let detail = [error.detail, error.serverMessage ?? ""].filter { !$0.isEmpty }.joined(separator: "; ")
        return .unavailable("Redis: \(error.code)\(detail.isEmpty ? "" : " (\(detail))")")
    }
}
