import Foundation
import Synchronization

/// Keeps Resource Graph queries inside the caller's quota, from the headers every answer carries:
/// `x-ms-user-quota-remaining` (queries left in the window) and `x-ms-user-quota-resets-after` (`hh:mm:ss`). When the
/// queries left, less those still in flight, reach zero, the next query waits out the reset (a throttling wait), so
/// a paced collection does not meet a 429 at all.
final class ResourceGraphPacer: Sendable {
    private struct State {
        /// Queries left by the latest answer; nil before the first answer and after a reset was waited out.
        var remaining: Int?
        var resetsAfter: Duration = .seconds(5)
        var inFlight = 0
    }

    private let gate = AsyncLimiter(limit: 1)
    private let state = Mutex(State())

    /// Waits, if the quota is spent, until it resets; then counts the query as in flight.
    func beforeQuery(_ rest: AzureRESTClient) async throws(RESTError) {
        try await gate.run { () async throws(RESTError) in
            let wait = state.withLock { state -> Duration? in
                guard let remaining = state.remaining, remaining - state.inFlight < 1 else { return nil }
                state.remaining = nil
                return state.resetsAfter
            }
            if let wait {
                rest.statistics.countWait(wait)
                do { try await rest.sleep(wait) } catch { throw .cancelled }
            }
            state.withLock { $0.inFlight += 1 }
        }
    }

    /// Reads an answer's quota headers (or notes that the request failed without one).
    func afterQuery(headers: [String: String]?) {
        state.withLock { state in
            state.inFlight = max(0, state.inFlight - 1)
            guard let headers else { return }
            if let text = headers["x-ms-user-quota-remaining"], let remaining = Int(text.trimmingCharacters(in: .whitespaces)) {
                state.remaining = remaining
            }
            if let text = headers["x-ms-user-quota-resets-after"], let reset = Self.timeSpan(text) {
                state.resetsAfter = reset
            }
        }
    }

    /// `hh:mm:ss` or `hh:mm:ss.fff` as a duration; nil when it is not one.
    static func timeSpan(_ text: String) -> Duration? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 3, let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Double(parts[2]),
            hours >= 0, minutes >= 0, seconds >= 0
        else { return nil }
        return .seconds(hours * 3600 + minutes * 60) + .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
