import APIKeys
import Foundation
import GatewayConfig
import Logging
import PromptGuards
import Synchronization

/// Per identity, a violation score that decays with a half-life (``AbuseScores``): each guard verdict adds
/// points (`block`, `flag`); crossing the threshold suspends the identity in the key store (so `bulwark keys
/// unsuspend` can lift it from another process), writes a `suspension` event to the audit log and queues a JSON
/// alert for the webhook (sent by ``WebhookAlerts``, a service).
final class AbuseMonitor: Sendable {
    let settings: GatewayConfiguration.AbuseMonitoring
    /// The key store; a blocking one (SQLite) is already behind ``BlockingKeyStore``.
    private let store: any KeyStore
    private let audit: AuditTrail?
    private let alerts: WebhookAlerts?
    private let logger: Logger
    /// The clock scores decay by (a manual one in tests).
    private let now: @Sendable () -> ContinuousClock.Instant
    private let scores: Mutex<AbuseScores>

    init(
        settings: GatewayConfiguration.AbuseMonitoring, store: any KeyStore, audit: AuditTrail?, alerts: WebhookAlerts?,
        logger: Logger, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.settings = settings
        self.store = store
        self.audit = audit
        self.alerts = alerts
        self.logger = logger
        self.now = now
        scores = Mutex(AbuseScores(threshold: settings.threshold, halfLife: .seconds(settings.halfLifeSeconds)))
    }

    /// The suspension in force, if any (read from the store, so lifting it elsewhere takes effect at once). A store
    /// that cannot be read refuses the request rather than letting a suspended caller through.
    func suspension(for identity: String) async throws(GatewayError) -> Suspension? {
        do {
            return try await store.suspension(for: identity, now: Date())
        } catch {
            throw GatewayError.keyStoreUnavailable()
        }
    }

    /// The points `findings` are worth: masked personal data is the guard doing its job, not abuse; only blocks
    /// and flagged injections count.
    func points(_ findings: [GuardFinding]) -> Double {
        findings.reduce(0.0) { total, finding in
            if finding.verdict == .block { return total + settings.blockPoints }
            return total + (finding.guardName == .promptInjection && finding.verdict == .flag ? settings.flagPoints : 0)
        }
    }

    /// Adds the findings' points to `identity`'s score and suspends it when the score reaches the threshold.
    func record(_ findings: [GuardFinding], identity: String) async {
        let points = points(findings)
        guard points > 0 else { return }
        let now = now()
        let score = scores.withLock { $0.add(points, to: identity, now: now) }
        guard score >= settings.threshold else { return }
        let until = Date().addingTimeInterval(TimeInterval(settings.suspendSeconds))
        let reason =
            String(format: "abuse score %.2f reached %.2f: ", score, settings.threshold)
            + findings.map { "\($0.guardName.rawValue) \($0.verdict.rawValue)" }.joined(separator: ", ")
        do {
            try await store.suspend(identity, until: until, reason: reason, now: Date())
        } catch {
            logger.error("cannot record a suspension", metadata: ["identity": "\(identity)", "error": "\(error)"])
        }
        let fields = ["identity": identity, "until": until.formatted(.iso8601), "reason": reason]
        await audit?.append(event: "suspension", fields: fields, logger: logger)
        logger.warning("identity suspended", metadata: ["identity": "\(identity)", "until": "\(fields["until"]!)"])
        if let webhook = settings.webhook { alerts?.send(to: webhook, fields: fields) }
    }
}
