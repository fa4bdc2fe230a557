import AccessPolicy
import APIKeys
import Foundation
import RateLimits
import TokenAccounting

/// What the audit log and metrics keep of one exchange: filled in by the pipeline's steps as they learn it,
/// and written by whoever ends the exchange (the refusal, or the relayed answer) through `RequestRecorder`.
/// It does not assume one response: a long-lived exchange can be recorded more than once, one outcome each.
struct ExchangeRecord: Sendable {
    /// Hummingbird's request id: in every log line of the request and in its audit record.
    let requestID: String
    let operation: GatewayOperation
    let clientIP: String?
    let started: ContinuousClock.Instant
    /// The caller's label (a key prefix or `entra:` and the token's object id).
    var identity: String?
    var route: InferenceRoute?
    /// The upstream that answered.
    var upstream: String?
    /// The grant that allowed the call.
    var policy: String?
    /// The request body as the audit log keeps it (redacted unless `audit.content` is `full`).
    var prompt: String?
    /// The guards' findings, as the audit log records them.
    var guards: [String] = []
    /// What the limit rules charged, settled once when the exchange is recorded.
    var limitReservation: LimitReservation?
    /// The limit rule that refused the request.
    var limitRule: String?
    /// What the request was expected to use, when a token or spend limit applied: settlement starts from it.
    var tokenEstimate: TokenEstimate?
    /// The deployment's price, when a spend limit applied.
    var price: TokenPrice?
    /// Image calls: how many images were asked for, and their size (`MediaUsage`).
    var images: (count: Int, size: String)?
    /// Audio transcriptions and translations: the seconds the upstream reported.
    var audioSeconds: Double?
    /// The name the audit log and metrics give a call that is no operation of its own (`models`); nil for `operation`.
    var callName: String?

    /// `callName`, else the operation's name.
    var operationLabel: String { callName ?? operation.rawValue }

    init(requestID: String, operation: GatewayOperation, clientIP: String?, started: ContinuousClock.Instant) {
        self.requestID = requestID
        self.operation = operation
        self.clientIP = clientIP
        self.started = started
    }
}

/// How an exchange ended: its `decision` in the audit log and its metric label.
enum ExchangeOutcome: Sendable, Hashable {
    /// Forwarded, and the answer relayed.
    case allowed
    /// Forwarded, and (part of) the completion withheld by a guard.
    case completionFiltered
    /// The upstream or the client dropped while the answer was relayed, or shutdown cut it.
    case streamInterrupted
    /// The response was released before its body was written: the client went away first.
    case clientDisconnected
    /// Refused before or while forwarding.
    case refused(GatewayError.Code)

    var label: String {
        switch self {
        case .allowed: "allowed"
        case .completionFiltered: "completion_filtered"
        case .streamInterrupted: "stream_interrupted"
        case .clientDisconnected: "client_disconnected"
        case .refused(let code): code.rawValue
        }
    }

    /// Counted as a failed authentication (with a 401 status, whatever the outcome).
    var isAuthenticationFailure: Bool {
        if case .refused(let code) = self { return code.isAuthenticationFailure }
        return false
    }
}
