/// A full Azure resource type such as `Microsoft.CognitiveServices/accounts/deployments`.
/// Types compare case-insensitively, as Azure Resource Manager compares them; the spelling written in the
/// input is kept for display.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    private let key: String

    public init(_ name: String) {
        self.name = name
        self.key = name.lowercased()
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public static func == (lhs: ResourceType, rhs: ResourceType) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    public var description: String { name }

    /// The resource provider namespace, `Microsoft.CognitiveServices`.
    public var namespace: String { String(name.split(separator: "/", maxSplits: 1).first ?? "") }

    /// The type segments after the namespace: `["accounts", "deployments"]`.
    public var segments: [String] { name.split(separator: "/").dropFirst().map(String.init) }

    /// The type of the parent resource, or nil for a top-level type.
    public var parent: ResourceType? {
        let parts = name.split(separator: "/")
        guard parts.count > 2 else { return nil }
        return ResourceType(parts.dropLast().joined(separator: "/"))
    }

    /// The full type of a child declared inside this resource with the short type `child`
    /// (`deployments`), or the child's own full type when it was written in full.
    public func child(_ child: String) -> ResourceType {
        child.contains(".") && child.contains("/") ? ResourceType(child) : ResourceType("\(name)/\(child)")
    }
}
