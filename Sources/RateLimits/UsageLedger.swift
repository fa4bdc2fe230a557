public import Foundation

/// One settled request as the usage ledger keeps it: who called which deployment, what it used and what it cost.
/// The ledger answers `bulwark usage`, and rebuilds calendar quotas when a shared limit store comes back empty.
public struct UsageRecord: Sendable, Hashable, Codable {
    /// The request's id (`x-request-id`): recording the same request again is a no-op.
    public var requestID: String
    public var time: Date
    /// The caller as limits name it: a key's prefix, or `entra:` and the token's object id.
    public var identity: String
    /// The key's prefix; nil for Entra ID callers.
    public var keyPrefix: String?
    /// The grant that admitted the request (`key bk_…` or `policy NAME`).
    public var policy: String
    /// The deployment, lower-cased.
    public var deployment: String
    public var promptTokens: Int64
    public var completionTokens: Int64
    /// Spend in millionths of a US dollar from the configured prices; 0 when the deployment has none.
    public var microUSD: Int64
    /// The HTTP status the client was given.
    public var status: Int

    public init(
        requestID: String, time: Date, identity: String, keyPrefix: String?, policy: String, deployment: String,
        promptTokens: Int64, completionTokens: Int64, microUSD: Int64, status: Int
    ) {
        self.requestID = requestID
        self.time = time
        self.identity = identity
        self.keyPrefix = keyPrefix
        self.policy = policy
        self.deployment = deployment
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.microUSD = microUSD
        self.status = status
    }

    public var totalTokens: Int64 { promptTokens + completionTokens }
}

/// Usage summed over one group of records: what `bulwark usage` prints and quotas are rebuilt from.
public struct UsageTotal: Sendable, Hashable, Codable {
    public var identity: String
    public var keyPrefix: String?
    public var policy: String
    public var deployment: String
    public var requests: Int64
    public var promptTokens: Int64
    public var completionTokens: Int64
    public var microUSD: Int64

    public init(
        identity: String, keyPrefix: String?, policy: String, deployment: String, requests: Int64, promptTokens: Int64,
        completionTokens: Int64, microUSD: Int64
    ) {
        self.identity = identity
        self.keyPrefix = keyPrefix
        self.policy = policy
        self.deployment = deployment
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.microUSD = microUSD
    }

    public var totalTokens: Int64 { promptTokens + completionTokens }
}

/// Why the ledger could not be read or written.
public struct UsageLedgerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where settled requests are kept, one record per request: SQLite beside the keys, or PostgreSQL shared by replicas.
public protocol UsageLedger: Sendable {
    /// Records settled requests, all in one transaction. A record whose `requestID` is already there changes nothing.
    func record(_ records: [UsageRecord]) async throws(UsageLedgerError)
    /// Usage at or after `since`, summed per identity, key, policy and deployment.
    func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal]
}

extension UsageLedger {
    /// Records one settled request.
    public func record(_ record: UsageRecord) async throws(UsageLedgerError) { try await self.record([record]) }
}
