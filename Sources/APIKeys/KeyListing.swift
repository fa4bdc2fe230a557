public import Foundation

/// A key as `keys list --format json` prints it: stable field names, dates in ISO 8601, never a secret or a hash.
public struct KeyListing: Sendable, Hashable, Encodable {
    public var prefix: String
    /// The prefix of the key that started this key's lineage (itself, unless `keys rotate` issued it).
    public var lineage: String
    public var name: String
    /// `active`, `rotated` (the old secret still works until `retiresAt`) or `revoked`.
    public var state: String
    public var deployments: [String]
    public var operations: [String]
    /// Empty: any region.
    public var regions: [String]
    /// Empty: any client address.
    public var clientIPs: [String]
    public var limits: [String]
    public var createdAt: Date
    public var expiresAt: Date?
    public var retiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(_ record: APIKeyRecord) {
        prefix = record.prefix
        lineage = record.lineage
        name = record.name
        state = record.revokedAt != nil ? "revoked" : record.retiresAt != nil ? "rotated" : "active"
        deployments = record.scope.deployments
        operations = record.scope.operations.map(\.rawValue)
        regions = record.scope.regions
        clientIPs = record.scope.clientNetworks
        limits = record.scope.limits
        createdAt = record.createdAt
        expiresAt = record.expiresAt
        retiresAt = record.retiresAt
        revokedAt = record.revokedAt
        lastUsedAt = record.lastUsedAt
    }

    /// Every field, `null` when absent, so a reader finds the same keys on every entry.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(lineage, forKey: .lineage)
        try container.encode(name, forKey: .name)
        try container.encode(state, forKey: .state)
        try container.encode(deployments, forKey: .deployments)
        try container.encode(operations, forKey: .operations)
        try container.encode(regions, forKey: .regions)
        try container.encode(clientIPs, forKey: .clientIPs)
        try container.encode(limits, forKey: .limits)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(retiresAt, forKey: .retiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
    }

    enum CodingKeys: String, CodingKey {
        case prefix, lineage, name, state, deployments, operations, regions, clientIPs, limits, createdAt, expiresAt, retiresAt, revokedAt
        case lastUsedAt
    }

    /// A JSON array of `items`: pretty-printed, keys sorted, ISO 8601 dates.
    public static func json(_ items: [some Encodable]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(items)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A suspension as `keys suspensions --format json` prints it.
public struct SuspensionListing: Sendable, Hashable, Encodable {
    public var identity: String
    public var until: Date
    public var reason: String
    public var createdAt: Date

    public init(_ suspension: Suspension) {
        identity = suspension.identity
        until = suspension.until
        reason = suspension.reason
        createdAt = suspension.createdAt
    }
}
