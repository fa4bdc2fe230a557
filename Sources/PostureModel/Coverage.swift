/// How completely an input describes the resources of one type. A template says everything it deploys, so its
/// coverage is complete; a live collection may have been refused (a missing permission) or cut short, and then the
/// absence of a resource of that type proves nothing: a rule that would pass or fail on "there is none" is unknown.
public enum Coverage: Sendable, Hashable {
    /// Every resource of the type in scope was read.
    case complete
    /// Some or none were read; `reason` says why, for the finding's message ("denied: needs Policy.Read.All").
    case incomplete(reason: String)

    public var isComplete: Bool { self == .complete }
}
