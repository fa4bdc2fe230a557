public import SourceModel

/// The codes suppressions report.
extension Diagnostic.Code {
    /// A project-file suppression that cannot be used (no reason, bad date, unknown rule, unknown key, wrong type):
    /// an error, so the exit code is 2.
    public static let invalidSuppression = Self("invalid-suppression")
    /// An inline `bulwark:suppress` comment or ARM `metadata.bulwark.suppress` entry that cannot be read: a
    /// warning, and that suppression does not apply.
    public static let malformedSuppression = Self("malformed-suppression")
    /// An inline `bulwark:suppress` comment above or inside no resource.
    public static let unattachedSuppression = Self("suppression-unattached")
    /// A suppression that matched a failing finding after its end date: the finding fails again.
    public static let suppressionExpired = Self("suppression-expired")
    /// A suppression that matches no finding at all.
    public static let suppressionUnmatched = Self("suppression-unmatched")
    /// Inline suppressions left unapplied by `--no-inline-suppressions`.
    public static let inlineSuppressionsIgnored = Self("inline-suppressions-ignored")
}
