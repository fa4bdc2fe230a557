/// Whether a failure was already recorded in the baseline a scan was compared with.
public enum BaselineState: String, Sendable, Hashable, Codable {
    /// Not in the baseline: it counts for the exit code.
    case new
    /// In the baseline: reported, but it does not fail the run.
    case unchanged
}

/// One recorded failure of a baseline: its fingerprint, and enough to name it to a person when it is gone.
public struct BaselineEntry: Sendable, Hashable, Codable {
    /// ``Finding/fingerprint``: rule, resource identity and property; the SARIF `partialFingerprints` value.
    public var fingerprint: String
    public var ruleId: String
    public var resourceType: String
    public var resourceName: String
    public var resourceId: String
    public var address: String?
    public var file: String
    public var property: String?

    public init(
        fingerprint: String, ruleId: String, resourceType: String, resourceName: String, resourceId: String, address: String?,
        file: String, property: String?
    ) {
        self.fingerprint = fingerprint
        self.ruleId = ruleId
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.resourceId = resourceId
        self.address = address
        self.file = file
        self.property = property
    }

    /// The entry that records `finding`.
    public init(_ finding: Finding) {
        self.init(
            fingerprint: finding.fingerprint, ruleId: finding.ruleID, resourceType: finding.resource.type.name,
            resourceName: finding.resource.name, resourceId: finding.resource.id, address: finding.resource.address,
            file: finding.resource.source.file, property: finding.property)
    }
}
