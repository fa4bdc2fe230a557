import GatewayConfig
import PromptGuards

/// How prompts and completions go into the audit log: not at all, redacted (personal data and secrets as
/// placeholders), or in full.
struct AuditContent: Sendable {
    let mode: GatewayConfiguration.Audit.Content
    /// Masks personal data and secrets in audited content.
    private let redactor = Redactor()

    /// Content is logged only when there is an audit log and `audit.content` asks for it.
    init(configuration: GatewayConfiguration, auditing: Bool) {
        mode = auditing ? configuration.audit?.content ?? .none : .none
    }

    var isLogged: Bool { mode != .none }

    /// Text as the audit log keeps it: redacted unless `full`.
    func text(_ text: String) -> String {
        mode == .full ? text : redactor.redact(text).text
    }
}
