public import Foundation

/// One gateway request, as the audit log records it. Identities are key prefixes or token subjects, never
/// secrets; prompts and completions are not recorded.
public struct AuditRecord: Sendable, Hashable {
    public var time: Date
    public var requestID: String
    /// `bwk_3f9a2c1d7b6e`, or a token's subject.
    public var identity: String?
    public var clientIP: String?
    public var deployment: String?
    public var operation: String?
    public var upstream: String?
    public var status: Int
    public var latencyMilliseconds: Double
    public var totalTokens: Int?
    /// Why the gateway decided as it did: `allowed`, or a reason code such as `deployment_not_allowed`.
    public var decision: String

    public init(
        time: Date, requestID: String, identity: String?, clientIP: String?, deployment: String?, operation: String?,
        upstream: String?, status: Int, latencyMilliseconds: Double, totalTokens: Int?, decision: String
    ) {
        self.time = time
        self.requestID = requestID
        self.identity = identity
        self.clientIP = clientIP
        self.deployment = deployment
        self.operation = operation
        self.upstream = upstream
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.totalTokens = totalTokens
        self.decision = decision
    }

    var fields: [String: Any] {
        var fields: [String: Any] = [
            "type": "request", "time": time.formatted(.iso8601), "requestId": requestID, "status": status,
            "latencyMs": (latencyMilliseconds * 1000).rounded() / 1000, "decision": decision,
        ]
        fields["identity"] = identity
        fields["clientIp"] = clientIP
        fields["deployment"] = deployment
        fields["operation"] = operation
        fields["upstream"] = upstream
        fields["totalTokens"] = totalTokens
        return fields
    }
}
