public import AccessPolicy
public import Foundation

/// What a key may do: which deployments and operations, from which data regions. Deny by default: an empty
/// deployment list allows nothing, and `*` must be written to allow every deployment.
public struct APIKeyScope: Sendable, Hashable, Codable {
    public var deployments: [String]
    public var operations: [GatewayOperation]
    /// Allowed regions or geographies (`eu`, `us`, `westeurope`); empty means any.
    public var regions: [String]
    /// Client addresses the key may be used from (CIDR blocks or addresses); empty means any.
    public var clientNetworks: [String]
    /// The key's own limits as `keys create --limit` takes them (`requests=50/60s`, `concurrent=4`), checked by
    /// the gateway beside the configured rules; empty means only those.
    public var limits: [String]

    public init(
        deployments: [String], operations: [GatewayOperation] = GatewayOperation.allCases, regions: [String] = [],
        clientNetworks: [String] = [], limits: [String] = []
    ) {
        self.deployments = deployments
        self.operations = operations
        self.regions = regions
        self.clientNetworks = clientNetworks
        self.limits = limits
    }

    private enum CodingKeys: String, CodingKey {
        case deployments, operations, regions, clientNetworks, limits
    }

    /// Limits are written only when there are some, so keys without them are stored as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deployments, forKey: .deployments)
        try container.encode(operations, forKey: .operations)
        try container.encode(regions, forKey: .regions)
        try container.encode(clientNetworks, forKey: .clientNetworks)
        if !limits.isEmpty { try container.encode(limits, forKey: .limits) }
    }

    /// Scopes stored before client networks or limits existed read as "any address" and "no limits of its own".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deployments = try container.decode([String].self, forKey: .deployments)
        operations = try container.decode([GatewayOperation].self, forKey: .operations)
        regions = try container.decode([String].self, forKey: .regions)
        clientNetworks = try container.decodeIfPresent([String].self, forKey: .clientNetworks) ?? []
        limits = try container.decodeIfPresent([String].self, forKey: .limits) ?? []
    }

    /// What this scope allows, as the access grant named `name` (a key's is `key <prefix>`). A stored network
    /// that no longer parses admits nobody rather than everybody.
    public func grant(named name: String) -> AccessGrant {
        AccessGrant(
            name: name, deployments: deployments, operations: operations, regions: regions, requireMFA: false, authenticationContexts: [],
            clientNetworks: clientNetworks.map { IPNetwork($0) ?? IPNetwork("0.0.0.0/32")! }
        )
    }
}

/// A stored key, as `keys list` shows it: everything but the secret, which is never stored.
public struct APIKeyRecord: Sendable, Hashable {
    /// The public part of the key, shown in lists and audit logs: `bwk_3f9a2c1d7b6e`.
    public var prefix: String
    public var name: String
    public var scope: APIKeyScope
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// Set on a key replaced by `keys rotate`: it keeps working until then.
    public var retiresAt: Date?
    /// The key's lineage: the prefix of the key `keys create` issued, inherited by every key `keys rotate` issues
    /// from it. Stored objects are owned by the lineage, so rotation keeps them; revoking one key does not touch
    /// the others of its lineage, and a key created later starts its own. Not a secret.
    public var lineage: String

    /// - Parameter lineage: nil for a key that starts its own lineage (its prefix).
    public init(
        prefix: String, name: String, scope: APIKeyScope, createdAt: Date, expiresAt: Date? = nil, lastUsedAt: Date? = nil,
        revokedAt: Date? = nil, retiresAt: Date? = nil, lineage: String? = nil
    ) {
        self.prefix = prefix
        self.lineage = lineage ?? prefix
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.retiresAt = retiresAt
    }

    /// Why this record refuses a key at `now` (revoked, expired, rotated and past its grace), or nil when it admits it.
    public func rejection(at now: Date) -> APIKeyRejection? {
        if revokedAt != nil { return APIKeyRejection(code: .revoked) }
        if let expiresAt, expiresAt <= now { return APIKeyRejection(code: .expired) }
        if let retiresAt, retiresAt <= now { return APIKeyRejection(code: .retired) }
        return nil
    }
}

/// A newly created key. The secret exists only here: it is printed once and stored as a salted hash.
public struct IssuedKey: Sendable {
    public var record: APIKeyRecord
    public var secret: String

    public init(record: APIKeyRecord, secret: String) {
        self.record = record
        self.secret = secret
    }
}

/// Why a presented key was refused. `code` is short and stable: a reason code in 401 bodies and a metric label.
/// Messages never contain the presented key.
public struct APIKeyRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case malformed = "key_malformed"
        case unknown = "key_unknown"
        case revoked = "key_revoked"
        case expired = "key_expired"
        case retired = "key_rotated"
    }

    public var code: Code

    public init(code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .malformed: "the API key is not in Bulwark's key format"
        case .unknown: "the API key is not valid"
        case .revoked: "the API key has been revoked"
        case .expired: "the API key has expired"
        case .retired: "the API key was rotated and its grace period is over"
        }
    }
}
