import APIKeys
import AsyncHTTPClient
import AuditLog
import Foundation
import GatewayConfig
import Logging
import NIOCore
import PromptGuards
import Synchronization

/// Per identity, a violation score that decays with a half-life: each guard verdict adds points (`block`,
/// `flag`); crossing the threshold suspends the identity in the key store (so `bulwark keys unsuspend` can lift
/// it from another process), writes a `suspension` event to the audit log and POSTs a JSON alert to the webhook.
final class AbuseMonitor: Sendable {
    let settings: GatewayConfiguration.AbuseMonitoring
    private let store: APIKeyStore
    private let audit: AuditLogWriter?
    private let client: HTTPClient
    private let logger: Logger
    private let scores = Mutex<[String: (score: Double, at: ContinuousClock.Instant)]>([:])

    init(settings: GatewayConfiguration.AbuseMonitoring, store: APIKeyStore, audit: AuditLogWriter?, client: HTTPClient, logger: Logger) {
        self.settings = settings
        self.store = store
        self.audit = audit
        self.client = client
        self.logger = logger
    }

    /// The suspension in force, if any (read from the store, so lifting it elsewhere takes effect at once). A store
    /// that cannot be read refuses the request rather than letting a suspended caller through.
    func suspension(for identity: String) throws(GatewayError) -> Suspension? {
        do {
            return try store.suspension(for: identity)
        } catch {
            throw GatewayError(.serviceUnavailable, code: "key_store_unavailable", "The key store cannot be read; try again later.")
        }
    }

    /// Adds the findings' points to `identity`'s score and suspends it when the score reaches the threshold.
    func record(_ findings: [GuardFinding], identity: String) async {
        // Masked personal data is the guard doing its job, not abuse: only blocks and flagged injections count.
        let points = findings.reduce(0.0) { total, finding in
            if finding.verdict == .block { return total + settings.blockPoints }
            return total + (finding.guardName == .promptInjection && finding.verdict == .flag ? settings.flagPoints : 0)
        }
        guard points > 0 else { return }
        let halfLife = Double(settings.halfLifeSeconds)
        let score = scores.withLock { scores -> Double in
            let now = ContinuousClock.now
            if scores.count > 100_000 { scores = scores.filter { Self.decayed($0.value, now: now, halfLife: halfLife) > 0.01 } }
            let current = scores[identity].map { Self.decayed($0, now: now, halfLife: halfLife) } ?? 0
            let updated = current + points
            // Crossing the threshold starts again from zero, so one burst suspends once.
            scores[identity] = (updated >= settings.threshold ? 0 : updated, now)
            return updated
        }
        guard score >= settings.threshold else { return }
        let until = Date().addingTimeInterval(TimeInterval(settings.suspendSeconds))
        let reason = String(format: "abuse score %.2f reached %.2f: ", score, settings.threshold)
            + findings.map { "\($0.guardName.rawValue) \($0.verdict.rawValue)" }.joined(separator: ", ")
        do { try store.suspend(identity, until: until, reason: reason) } catch {
            logger.error("cannot record a suspension", metadata: ["identity": "\(identity)", "error": "\(error)"])
        }
        let fields = ["identity": identity, "until": until.formatted(.iso8601), "reason": reason]
        do { try await audit?.append(event: "suspension", fields: fields) } catch {
            logger.error("audit log write failed", metadata: ["error": "\(error)"])
        }
        logger.warning("identity suspended", metadata: ["identity": "\(identity)", "until": "\(fields["until"]!)"])
        if let webhook = settings.webhook { notify(webhook, fields: fields) }
    }

    private static func decayed(_ entry: (score: Double, at: ContinuousClock.Instant), now: ContinuousClock.Instant, halfLife: Double) -> Double {
        let elapsed = now - entry.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return entry.score * pow(0.5, seconds / halfLife)
    }

    /// POSTs the alert without holding up the request; a failure is logged by type.
    private func notify(_ webhook: URL, fields: [String: String]) {
        var payload = fields
        payload["event"] = "identity_suspended"
        let body = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data()
        let client = self.client, logger = self.logger
        Task {
            var request = HTTPClientRequest(url: webhook.absoluteString)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(5))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if response.status.code >= 300 { logger.warning("abuse webhook refused the alert", metadata: ["status": "\(response.status.code)"]) }
            } catch {
                logger.warning("abuse webhook unreachable", metadata: ["error.type": "\(type(of: error))"])
            }
        }
    }
}
