import Foundation
import PromptGuards
import Synchronization

/// What one realtime session has done so far, shared by its two directions: the upstream it reached, the usage of
/// every `response.done`, the texts the audit log keeps, guard findings, and the responses a guard withheld.
final class RealtimeTally: Sendable {
    struct State {
        var upstream: String?
        var usage: TokenUsage?
        /// Turn tokens the limits could not take when their `response.done` came: settled with the session.
        var carried: (prompt: Int64, completion: Int64) = (0, 0)
        var prompts: [String] = []
        var completion = ""
        var guards: [String] = []
        var filtered: GuardFinding?
        /// Responses whose output a guard withheld: their further events are not relayed.
        var withheld: Set<String> = []
        /// Responses started (`response.created`) and not done yet: what a blocked spoken input cancels.
        var inFlight: Set<String> = []
        /// The last output text of each response in flight, so a term split across deltas is still caught.
        var recent: [String: String] = [:]
        /// Set when a limit closed the session.
        var refusal: GatewayError.Code?
    }

    let state = Mutex(State())

    func opened(_ upstream: String) { state.withLock { $0.upstream = upstream } }

    var upstream: String? { state.withLock { $0.upstream } }

    func add(_ usage: TokenUsage) {
        state.withLock { state in
            let before = state.usage ?? TokenUsage(prompt: 0, completion: 0, total: 0)
            state.usage = TokenUsage(
                prompt: before.prompt + usage.prompt, completion: before.completion + usage.completion, total: before.total + usage.total)
        }
    }

    func carry(_ usage: TokenUsage) {
        state.withLock { state in
            state.carried.prompt += Int64(usage.prompt)
            state.carried.completion += Int64(usage.total - usage.prompt)
        }
    }

    var snapshot: State { state.withLock { $0 } }
}
