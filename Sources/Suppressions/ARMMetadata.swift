import LocatedJSON
import PostureModel
import SourceModel

/// An ARM resource's `metadata.bulwark.suppress`: a list of `{rule, reason, expires}` (all three required,
/// `expires` as `YYYY-MM-DD` or `never`). ARM ignores `metadata`, and so does the deployment.
enum ARMMetadata {
    /// The objects of `value` that start at one of `positions` (the resources' declarations).
    static func collectObjects(
        in value: JSONValue, at positions: Set<SourcePosition>, into found: inout [SourcePosition: JSONValue], depth: Int
    ) {
        // The JSON reader bounds nesting, so this recursion is bounded too; the check is a second guard.
        guard depth < 1_024 else { return }
        switch value.kind {
        case .object(let members):
            if positions.contains(value.position) { found[value.position] = value }
            for member in members { collectObjects(in: member.value, at: positions, into: &found, depth: depth + 1) }
        case .array(let elements):
            for element in elements { collectObjects(in: element, at: positions, into: &found, depth: depth + 1) }
        default: return
        }
    }

    static func suppressions(of declaration: JSONValue, file: String, knownRules: KnownRules) -> (
        suppressions: [Suppression], problems: [Diagnostic]
    ) {
        guard let bulwark = member("metadata", of: declaration).flatMap({ member("bulwark", of: $0) }) else { return ([], []) }
        func here(_ value: JSONValue) -> SourceLocation { SourceLocation(file: file, position: value.position) }
        guard let members = bulwark.members else {
            return ([], [InlineDirective.warning(at: here(bulwark), "expected 'metadata.bulwark' to be an object with a 'suppress' list")])
        }
        var problems: [Diagnostic] = []
        for member in members where member.key != "suppress" {
            problems.append(
                InlineDirective.warning(
                    at: SourceLocation(file: file, position: member.keyPosition),
                    "unknown key '\(member.key)' in 'metadata.bulwark'; expected 'suppress'"))
        }
        guard let list = bulwark[member: "suppress"] else { return ([], problems) }
        guard let items = list.elements else {
            return (
                [],
                problems + [
                    InlineDirective.warning(at: here(list), "expected 'metadata.bulwark.suppress' to be a list of {rule, reason, expires}")
                ]
            )
        }
        var suppressions: [Suppression] = []
        for item in items {
            switch suppression(item, at: here(item), knownRules: knownRules) {
            case .success(let suppression): suppressions.append(suppression)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (suppressions, problems)
    }

    private static func suppression(_ item: JSONValue, at location: SourceLocation, knownRules: KnownRules) -> Result<
        Suppression, Diagnostic
    > {
        guard let members = item.members else {
            return .failure(InlineDirective.warning(at: location, "expected a suppression as an object {rule, reason, expires}"))
        }
        var fields: [String: String] = [:]
        for member in members {
            guard ["rule", "reason", "expires"].contains(member.key) else {
                return .failure(
                    InlineDirective.warning(at: location, "unknown key '\(member.key)' in a suppression; expected rule, reason and expires")
                )
            }
            guard let text = member.value.stringValue else {
                return .failure(InlineDirective.warning(at: location, "expected '\(member.key)' to be a string"))
            }
            fields[member.key] = text.trimmingWhitespace
        }
        guard let rule = fields["rule"], !rule.isEmpty else {
            return .failure(InlineDirective.warning(at: location, "this suppression has no 'rule': add a rule id such as BW-AI-001"))
        }
        guard knownRules.contains(rule) else {
            return .failure(InlineDirective.warning(at: location, "unknown rule id '\(rule)'; `bulwark rules` lists the rule ids"))
        }
        guard let reason = fields["reason"], !reason.isEmpty else {
            return .failure(
                InlineDirective.warning(at: location, "this suppression of \(rule) has no 'reason': say why the risk is accepted"))
        }
        guard let expires = fields["expires"] else {
            return .failure(
                InlineDirective.warning(at: location, "this suppression of \(rule) has no 'expires': add YYYY-MM-DD (or never)"))
        }
        var day: CalendarDay?
        if expires.lowercased() != "never" {
            guard let parsed = CalendarDay(expires) else {
                return .failure(
                    InlineDirective.warning(at: location, "expected 'expires' as YYYY-MM-DD (a real date) or never, found '\(expires)'"))
            }
            day = parsed
        }
        return .success(Suppression(rule: knownRules.canonical(rule), reason: reason, expires: day, origin: .inline, location: location))
    }

    /// A member by name, ignoring case as ARM does.
    private static func member(_ key: String, of value: JSONValue) -> JSONValue? {
        value.members?.first { $0.key.lowercased() == key }?.value
    }
}
