import AccessPolicy
import Foundation

/// One limit the gateway enforces: how much of what, over which window, for whom.
///
/// Rates (`requests: 600, per: 60s`) are rolling and held by GCRA, so a burst of the whole allowance is admitted
/// and then one unit per `per / limit`; quotas (`tokens: 5000000, period: month`) are fixed calendar windows in
/// UTC; concurrency limits count requests in flight.
public struct LimitRule: Sendable, Hashable {
    /// Whose traffic one counter holds.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// One gateway key.
        case key
        /// One caller: a key, or an Entra ID token's `oid`.
        case identity
        /// Every caller a token policy admits.
        case policy
        /// One deployment, whoever calls it.
        case deployment
        /// All traffic through the gateway.
        case global
    }

    /// What a rule counts.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        case requests
        /// Prompt and completion tokens together.
        case tokens
        /// Spend in millionths of a US dollar, from configured prices (`usd=200/month` is 200,000,000).
        case microUSD = "usd"
    }

    public enum Kind: Sendable, Hashable {
        /// At most `limit` per rolling `per`.
        case rate(Measure, limit: Int64, per: Duration)
        /// At most `limit` in each calendar `period` (UTC).
        case quota(Measure, limit: Int64, period: CalendarPeriod)
        /// At most `limit` requests in flight at once.
        case concurrent(limit: Int64)
    }

    public enum Mode: String, Sendable, Hashable {
        /// Refuses what goes over.
        case enforce
        /// Counts and reports, never refuses: for trying a limit on real traffic first.
        case shadow
    }

    /// What a replica does with the rule when the shared limit store cannot answer (unreachable, timed out).
    public enum StoreErrorPolicy: String, Sendable, Hashable, CaseIterable {
        /// Refuses the request (503 `limits_unavailable`): never answered from one replica's own memory.
        case closed
        /// Admits the request unchecked, with a metric and a log line.
        case open
        /// Enforces `limit ÷ replicas` in this replica's memory, so the replicas together stay within the limit.
        case local
    }

    public var name: String
    public var scope: Scope
    public var kind: Kind
    public var mode: Mode
    /// The deployments the rule applies to (case-insensitive); empty, or `*` written, applies to all.
    public var deployments: [String]
    /// What happens when a shared store cannot answer; the memory store always answers.
    public var onStoreError: StoreErrorPolicy

    public init(
        name: String, scope: Scope, kind: Kind, mode: Mode = .enforce, deployments: [String] = [], onStoreError: StoreErrorPolicy = .closed
    ) {
        self.name = name
        self.scope = scope
        self.kind = kind
        self.mode = mode
        self.deployments = deployments
        self.onStoreError = onStoreError
    }

    /// What the rule counts: requests for concurrency limits.
    public var measure: Measure {
        switch kind {
        case .rate(let measure, _, _), .quota(let measure, _, _): measure
        case .concurrent: .requests
        }
    }

    public var limit: Int64 {
        switch kind {
        case .rate(_, let limit, _), .quota(_, let limit, _), .concurrent(let limit): limit
        }
    }

    /// Whether the rule applies to a request for `deployment`.
    public func applies(toDeployment deployment: String) -> Bool {
        deployments.isEmpty || deployments.contains { $0 == "*" || DeploymentName.same($0, deployment) }
    }
}
