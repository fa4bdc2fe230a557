public import Foundation

/// One gateway request, as the audit log records it. Identities are key prefixes or token subjects, never
/// secrets; prompts and completions are recorded only when the configuration asks (`audit.content`), and then
/// redacted unless it asks for `full`.
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
    /// The grant that allowed the call: `key bwk_…` or `policy NAME`.
    public var policy: String?
    /// The request body and the completion text, when content logging is on.
    public var prompt: String?
    public var completion: String?
    /// What the guards found: `prompt_injection:flag:0.72`, `personal_data:flag:email`, `blocklist:block:word:zeus`.
    public var guards: [String] = []
    /// The limit rule that refused the request, by name.
    public var limit: String?
    /// Images asked for (`n`) and their size, for image generation and edits.
    public var images: Int?
    public var imageSize: String?
    /// Seconds of audio the upstream reported transcribing or translating.
    public var audioSeconds: Double?

    public init(
        time: Date, requestID: String, identity: String?, clientIP: String?, deployment: String?, operation: String?,
        upstream: String?, status: Int, latencyMilliseconds: Double, totalTokens: Int?, decision: String,
        policy: String? = nil, prompt: String? = nil, completion: String? = nil
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
        self.policy = policy
        self.prompt = prompt
        self.completion = completion
    }
}
