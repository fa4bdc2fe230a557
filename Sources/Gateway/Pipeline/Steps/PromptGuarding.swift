import AccessPolicy
import Foundation
import NIOCore
import GatewayConfig
import PromptGuards

/// Step 8: the prompt guards of the grant's profile (or the configured default). Findings go to the record and
/// metrics, and count towards abuse monitoring; a blocking finding refuses the request in Azure's content-filter
/// shape; masked or hashed personal data and secrets replace the originals in the body sent upstream.
struct PromptGuarding: InferenceStep {
    /// The configured guard profiles, by name.
    let engines: [String: GuardEngine]
    /// The profile for grants that name none.
    let defaultProfile: String?
    let metrics: GatewayMetrics
    let abuse: AbuseMonitor?

    init(configuration: GatewayConfiguration, metrics: GatewayMetrics, abuse: AbuseMonitor?) {
        engines = configuration.guardProfiles.mapValues { settings in
            GuardEngine(
                profile: GuardProfile(
                    name: settings.name, injection: settings.injection, redaction: settings.redaction,
                    blocklist: settings.blocklist, checkCompletions: settings.completions,
                    restorePlaceholders: settings.restorePlaceholders
                ))
        }
        defaultProfile = configuration.defaultGuards
        self.metrics = metrics
        self.abuse = abuse
    }

    /// The guard profile for a grant: the policy's own, else the configured default; `none` is none.
    func engine(for grant: AccessGrant) -> GuardEngine? {
        let name = grant.guardProfile ?? defaultProfile
        guard let name, name != "none" else { return nil }
        return engines[name]
    }

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard let engine = engine(for: exchange.authorisedGrant()) else { return }
        // A read, a delete or a cancel carries no text.
        guard exchange.body.readableBytes > 0 else { return }
        if exchange.endpoint?.body == .multipart || (exchange.object != nil && Self.isMultipart(exchange)) {
            return try await guardForm(&exchange, engine: engine)
        }
        // Deny by default: a body the guards cannot read is not forwarded past them.
        guard let parsed = GuardedBody(Data(buffer: exchange.body)) else {
            throw GatewayError(.badRequest, code: .invalidJSON, "The request body is not a JSON object.")
        }
        let check = engine.checkPrompt(parsed.messages)
        for finding in check.findings {
            exchange.record.guards.append(finding.auditDescription)
            metrics.recordGuard(finding.guardName.rawValue, verdict: finding.verdict.rawValue)
        }
        await abuse?.record(check.findings, identity: exchange.authenticated().owner)
        if let blocking = check.blocking { throw GatewayError.contentFilter(blocking) }
        if !check.rewritten.isEmpty, let data = parsed.rewritten(check.rewritten) { exchange.body = ByteBuffer(bytes: data) }
        if engine.profile.restorePlaceholders, !check.placeholders.isEmpty { exchange.placeholders = check.placeholders }
        // Images, audio and embeddings answer with no text the completion guards read.
        if engine.profile.checkCompletions, exchange.endpoint?.answersWithText == true { exchange.completionGuard = engine }
    }
}

extension GuardFinding {
    /// `guard:verdict[:score]:details…`, as the audit log records a finding.
    var auditDescription: String {
        ([guardName.rawValue, verdict.rawValue] + (score.map { [String(format: "%.2f", $0)] } ?? []) + details).joined(separator: ":")
    }
}
