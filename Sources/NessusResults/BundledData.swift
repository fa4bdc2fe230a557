import Foundation
import LocatedYAML
import PostureModel

/// The DNS names Azure gives each resource type (`Resources/endpoints.yaml`), for the FQDN join.
struct EndpointPatterns: Sendable {
    let byType: [ResourceType: [String]]

    static let bundled = EndpointPatterns(byType: load())

    private static func load() -> [ResourceType: [String]] {
        guard let root = BundledYAML.root("endpoints"), let entries = root["endpoints"]?.sequence else { return [:] }
        var byType: [ResourceType: [String]] = [:]
        for entry in entries {
            guard let type = entry["type"]?.string, let names = entry["names"]?.strings() else { continue }
            byType[ResourceType(type), default: []] += names
        }
        return byType
    }

    /// The host names (lowercased; `*` stands for one label) the patterns give `resource`.
    func names(of resource: Resource) -> [String] {
        var names: [String] = []
        for pattern in byType[resource.type] ?? [] {
            guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else {
                names.append(pattern.lowercased())
                continue
            }
            let path = String(pattern[pattern.index(after: open)..<close])
            let values = path == "name" ? [resource.ownName] : resource.strings(at: path)
            let whole = pattern.startIndex == open && pattern.index(after: close) == pattern.endIndex
            for value in values {
                if whole {
                    if let host = ResourceIDText.hostName(value) { names.append(host) }
                } else if !value.contains("/") && !value.contains("{") {
                    names.append((String(pattern[..<open]) + value + String(pattern[pattern.index(after: close)...])).lowercased())
                }
            }
        }
        return names
    }

    /// Whether a host's FQDN is a name a pattern gave (label by label; `*` is any one label).
    static func matches(_ fqdn: String, _ name: String) -> Bool {
        let left = fqdn.split(separator: ".")
        let right = name.split(separator: ".")
        return left.count == right.count && zip(left, right).allSatisfy { $0 == $1 || $1 == "*" }
    }
}

/// The rules whose failure means a resource is exposed to the internet (`Resources/exposure.yaml`), each with the
/// reason a note gives.
struct ExposureRules: Sendable {
    let reasons: [String: String]

    static let bundled = ExposureRules(reasons: load())

    private static func load() -> [String: String] {
        guard let root = BundledYAML.root("exposure"), let rules = root["rules"]?.mapping else { return [:] }
        var reasons: [String: String] = [:]
        for rule in rules { reasons[rule.key] = rule.value.string ?? "" }
        return reasons
    }
}

enum BundledYAML {
    static func root(_ name: String) -> YAMLNode? {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        return try? YAMLDocument.compose(text, file: url.lastPathComponent)
    }
}
