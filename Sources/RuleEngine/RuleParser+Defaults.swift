import LocatedYAML
import SourceModel
import PostureModel

extension RuleParser {
    /// `defaults:` the service's values of properties a template leaves out, each with its source:
    ///
    /// ```yaml
    /// defaults:
    ///   - field: properties.allowBlobPublicAccess
    ///     value: false
    ///     sinceApiVersion: 2023-01-01      # optional: without it, the default holds for every API version
    ///     source: https://learn.microsoft.com/...
    /// ```
    mutating func parseDefaults(_ node: YAMLNode, readBy conditions: [Condition]) -> [FieldDefault] {
        guard let items = node.sequence, !items.isEmpty else {
            fail(.invalidValue, node, "expected 'defaults' to be a non-empty list of { field, value, sinceApiVersion, source }")
            return []
        }
        let readPaths = Set(conditions.flatMap(\.fieldPaths).map { $0.lowercased() })
        var defaults: [FieldDefault] = []
        for item in items {
            guard rejectUnknownKeys(item, allowed: ["field", "value", "sinceApiVersion", "source"], in: "defaults") else { continue }
            guard let fieldNode = item["field"], let pathText = fieldNode.string else {
                fail(.missingKey, item, "expected 'field' in a default: the property path it gives a value to")
                continue
            }
            guard case .success(let path) = FieldPath.parse(pathText) else {
                fail(.malformedPath, fieldNode, "malformed field path '\(pathText)' in 'defaults'")
                continue
            }
            guard !path.segments.contains(.everyElement) else {
                fail(.malformedPath, fieldNode, "a default is for one property; '\(pathText)' walks a collection with [*]")
                continue
            }
            guard readPaths.contains(pathText.lowercased()) else {
                fail(
                    .invalidValue, fieldNode,
                    "'\(pathText)' has a default but the rule does not read it; name a field of 'require' or 'where'")
                continue
            }
            guard let valueNode = item["value"] else {
                fail(.missingKey, item, "expected 'value' in the default of '\(pathText)': what the service sets when it is left out")
                continue
            }
            var since: String?
            if let sinceNode = item["sinceApiVersion"] {
                guard let text = sinceNode.string, FieldDefault.date(of: text) != nil else {
                    fail(.invalidValue, sinceNode, "expected 'sinceApiVersion' to be an API version such as 2023-01-01")
                    continue
                }
                since = text
            }
            guard let sourceNode = item["source"], let source = sourceNode.string, source.hasPrefix("https://") else {
                fail(
                    .missingKey, item["source"] ?? item,
                    "expected 'source': the https:// address that documents the default of '\(pathText)'")
                continue
            }
            let value = valueNode.value()
            if defaults.contains(where: { $0.path.sameProperty(as: path) && $0.sinceAPIVersion == since }) {
                fail(.invalidValue, item, "'\(pathText)' has two defaults for the same API versions")
                continue
            }
            defaults.append(FieldDefault(path: path, value: value, sinceAPIVersion: since, source: source))
        }
        return defaults
    }
}
