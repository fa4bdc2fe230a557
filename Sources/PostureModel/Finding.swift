public import SourceModel

/// The verdict of one rule on one resource.
public enum FindingStatus: String, Sendable, Hashable, Codable {
    case pass
    case fail
    /// The input does not say enough to decide (an unknown value reached the condition).
    case unknown
    /// A failing or undecided verdict set aside by a suppression that has not expired (see ``Finding/suppression``).
    /// Rules never produce it; applying suppressions does.
    case suppressed
}

/// One rule judged against one resource, with the evidence that decided it.
public struct Finding: Sendable, Hashable {
    public var ruleID: String
    public var status: FindingStatus
    public var resource: ResourceReference
    /// The field path that decided the verdict (`properties.disableLocalAuth`), when one did.
    public var property: String?
    /// The value found at `property`: nil when the property is absent.
    public var actual: Value?
    public var message: String
    /// Where to point a person: the deciding property when the input has it, else the resource.
    public var location: SourceLocation
    /// The suppression that matched this finding, expired or not. An unexpired one makes the status `suppressed`.
    public var suppression: AppliedSuppression?
    /// Against a baseline: whether this failure is new or was already recorded. Nil when no baseline was given.
    public var baseline: BaselineState?
    /// For a finding of a vulnerability scanner (Nessus): what was found on which port, and how its host was joined
    /// to the resource.
    public var vulnerability: Vulnerability?
    /// Further things a person should know about this finding, in sentences (an internet-exposed resource that
    /// also has a critical vulnerability).
    public var notes: [String] = []

    public init(
        ruleID: String, status: FindingStatus, resource: ResourceReference, property: String?,
        actual: Value?, message: String, location: SourceLocation
    ) {
        self.ruleID = ruleID
        self.status = status
        self.resource = resource
        self.property = property
        self.actual = actual
        self.message = message
        self.location = location
    }
}

/// What a finding says about its resource: enough to find it again without the whole model.
public struct ResourceReference: Sendable, Hashable {
    public var type: ResourceType
    public var name: String
    public var id: String
    public var source: SourceLocation
    /// The Terraform address, when the input names the resource by one (see ``Resource/address``).
    public var address: String?

    public init(_ resource: Resource) {
        self.type = resource.type
        self.name = resource.name
        self.id = resource.id
        self.source = resource.source
        self.address = resource.address
    }
}
