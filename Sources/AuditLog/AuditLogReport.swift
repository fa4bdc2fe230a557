/// What ``AuditLogVerifier`` found.
public struct AuditLogReport: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        /// The chain holds from the genesis record to a final seal.
        case intact
        /// A live log: the chain holds, and the records after the last seal are not sealed yet.
        case open
        /// Modified, cut, emptied, reordered, written with another key, or without a genesis record.
        case broken
        /// The file is not an audit log at all (a configuration file, another JSON lines file).
        case notAnAuditLog = "not an audit log"
    }

    public var verdict: Verdict
    /// Request and event records (not the genesis record, not seals).
    public var records: Int
    public var seals: Int
    /// Records (the genesis record included) after the last seal; 0 for an intact closed log.
    public var unsealed: Int = 0
    /// The log's genesis record; nil for a legacy log, or when verification stopped before it.
    public var genesis: AuditGenesis?
    /// True when the log has no genesis record and was accepted as written before genesis records existed.
    public var legacy = false
    /// True when a live log's last line was still being written and was left out.
    public var partialLine = false
    /// The first problem, with its file and line; nil when the verdict is intact or open.
    public var problem: String?

    public init(verdict: Verdict, records: Int, seals: Int, problem: String? = nil) {
        self.verdict = verdict
        self.records = records
        self.seals = seals
        self.problem = problem
    }
}
