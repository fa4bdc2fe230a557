import Foundation

/// A gateway key's own limits, stored with the key as `keys create --limit` takes them and checked beside the
/// configured rules.
public enum KeyLimits {
    /// The rule one stored spec stands for: scope `key`, named `key:<spec>` so refusals and metrics say which.
    /// - Throws: ``LimitSpecError`` for a malformed spec, or one this version does not enforce yet (tokens and
    ///   spend need exact token accounting).
    public static func rule(for spec: String) throws(LimitSpecError) -> LimitRule {
        let written = spec.trimmingCharacters(in: .whitespaces)
        let rule = try LimitSpec.parse(written, name: "key:\(written)", scope: .key)
        guard rule.measure == .requests else {
            throw LimitSpecError(message: "token and spend limits are not enforced by this version yet; requests and concurrent limits are")
        }
        return rule
    }
}
