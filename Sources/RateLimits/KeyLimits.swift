import Foundation

/// A gateway key's own limits, stored with the key as `keys create --limit` takes them and checked beside the
/// configured rules.
public enum KeyLimits {
    /// The rule one stored spec stands for: scope `key`, named `key:<spec>` so refusals and metrics say which.
    /// - Throws: ``LimitSpecError`` for a malformed spec.
    public static func rule(for spec: String) throws(LimitSpecError) -> LimitRule {
        let written = spec.trimmingCharacters(in: .whitespaces)
        return try LimitSpec.parse(written, name: "key:\(written)", scope: .key)
    }
}
