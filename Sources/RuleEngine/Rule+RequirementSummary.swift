extension Rule {
    /// The compliant state in a short text for reports, `properties.disableLocalAuth equals true`: what a failing
    /// finding's `actual` is set against. Empty for an external rule, which has no condition of its own.
    public var requirementSummary: String { requirement.summary() }
}
