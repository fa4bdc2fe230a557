import Foundation
import PostureModel

extension Resource {
    /// The known values at a dotted path of the declaration; `[]` after a segment steps into every element of a list
    /// (`properties.ipConfigurations[].properties.privateIPAddress`). Unknown values are left out.
    func values(at path: String) -> [Value] {
        var current = [body]
        for segment in path.split(separator: ".") {
            let spreads = segment.hasSuffix("[]")
            let key = spreads ? String(segment.dropLast(2)) : String(segment)
            current = current.compactMap { $0[member: key] }
            if spreads { current = current.flatMap { $0.elements ?? [] } }
        }
        return current.filter { !$0.isUnknown && !$0.isNull }
    }

    /// The known strings at a path (see ``values(at:)``).
    func strings(at path: String) -> [String] {
        values(at: path).compactMap(\.stringValue).filter { !$0.isEmpty }
    }

    /// The resource's own name: the last segment of a child's `parent/child` name.
    var ownName: String { name.split(separator: "/").last.map(String.init) ?? name }
}

/// Resource ids compared the way ARM compares them: case-insensitively, and with a template's symbolic scope
/// (`{subscription}`, `{resourceGroup}`) matching any concrete segment.
enum ResourceIDText {
    static func key(_ id: String) -> String { id.lowercased().trimmingSuffix("/") }

    static func matches(_ template: String, _ other: String) -> Bool {
        let left = key(template).split(separator: "/")
        let right = key(other).split(separator: "/")
        guard left.count == right.count, !left.isEmpty else { return false }
        return zip(left, right).allSatisfy { a, b in a == b || isPlaceholder(a) || isPlaceholder(b) }
    }

    /// The part of an ARM id from its last `/providers/` (type and name), lowercased.
    static func providerTail(_ id: String) -> String? {
        let lowered = key(id)
        guard let range = lowered.range(of: "/providers/", options: .backwards) else { return nil }
        return String(lowered[range.lowerBound...])
    }

    private static func isPlaceholder(_ segment: Substring) -> Bool { segment.hasPrefix("{") && segment.hasSuffix("}") }

    /// A URL's host, or the text itself when it is a bare host name; lowercased, without a trailing dot.
    static func hostName(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let host = trimmed.contains("://") ? URLComponents(string: trimmed)?.host : trimmed.split(separator: "/").first.map(String.init)
        guard let host, !host.isEmpty, !host.contains("{"), !host.contains("[") else { return nil }
        return host.lowercased().trimmingSuffix(".")
    }
}
