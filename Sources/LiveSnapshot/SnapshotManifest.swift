import Foundation

/// The first file of a snapshot folder (`manifest.json`): what was collected, from where, by whom, how completely,
/// and the SHA-256 of every other file, so a snapshot kept as evidence can be checked before it is judged.
public struct SnapshotManifest: Codable, Sendable, Hashable {
    /// The format this version of Bulwark writes and reads.
    public static let currentFormat = "bulwark.snapshot/v1"
    /// The manifest's file name inside a snapshot folder.
    public static let fileName = "manifest.json"

    public var format: String
    /// When collection ended, ISO 8601 in UTC.
    public var createdAt: String
    public var bulwarkVersion: String
    /// The cloud's name (`AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`, or `custom` when endpoints were overridden).
    public var cloud: String
    public var endpoints: Endpoints
    /// The Entra tenant the credential belongs to, when known.
    public var tenantID: String?
    /// The tenant's name (`GET /organization`'s `displayName`), when a Graph collector could read it: the name of the
    /// `Microsoft.Graph/tenants` resource tenant-wide rules judge.
    public var tenantDisplayName: String?
    public var scope: Scope
    /// Who collected: never a secret or a token.
    public var principal: Principal?
    /// One report per collector, in a fixed order.
    public var collectors: [CollectorReport]
    /// Every other file of the snapshot, by path relative to the folder (`arm/resources.jsonl`), with its SHA-256 in
    /// lower-case hex.
    public var files: [String: String]

    public struct Endpoints: Codable, Sendable, Hashable {
        public var authority: String
        public var resourceManager: String
        public var graph: String

        public init(authority: String, resourceManager: String, graph: String) {
            self.authority = authority
            self.resourceManager = resourceManager
            self.graph = graph
        }
    }

    /// What was asked for: subscriptions and management groups named, or both empty for every subscription the
    /// identity can read. `subscriptions` after collection lists those actually read, sorted.
    public struct Scope: Codable, Sendable, Hashable {
        public var subscriptions: [String]
        public var managementGroups: [String]
        /// Subscriptions named but not readable (missing or no access), sorted.
        public var unreadableSubscriptions: [String]

        public init(subscriptions: [String] = [], managementGroups: [String] = [], unreadableSubscriptions: [String] = []) {
            self.subscriptions = subscriptions
            self.managementGroups = managementGroups
            self.unreadableSubscriptions = unreadableSubscriptions
        }
    }

    /// The identity that collected: its kind (`servicePrincipal`, `managedIdentity`, `user`), its object or app id
    /// when the token said, and which credential source was used (`environment (client secret)`, `Azure CLI`).
    public struct Principal: Codable, Sendable, Hashable {
        public var kind: String
        public var id: String?
        public var credential: String

        public init(kind: String, id: String?, credential: String) {
            self.kind = kind
            self.id = id
            self.credential = credential
        }
    }

    public init(
        format: String = SnapshotManifest.currentFormat, createdAt: String, bulwarkVersion: String, cloud: String,
        endpoints: Endpoints, tenantID: String?, tenantDisplayName: String? = nil, scope: Scope, principal: Principal?,
        collectors: [CollectorReport], files: [String: String] = [:]
    ) {
        self.format = format
        self.createdAt = createdAt
        self.bulwarkVersion = bulwarkVersion
        self.cloud = cloud
        self.endpoints = endpoints
        self.tenantID = tenantID
        self.tenantDisplayName = tenantDisplayName
        self.scope = scope
        self.principal = principal
        self.collectors = collectors
        self.files = files
    }
}

/// How one collector (Resource Graph inventory, diagnostic settings, conditional access, ...) fared.
public struct CollectorReport: Codable, Sendable, Hashable {
    /// A stable name: `resource-graph`, `diagnostic-settings`, `graph-conditional-access`, ...
    public var name: String
    public var status: CollectorStatus
    /// The resource types this collector provides (`Microsoft.Insights/diagnosticSettings`,
    /// `Microsoft.Graph/conditionalAccessPolicies`): when the status is not `complete`, rules that need to know
    /// every resource of these types (none found, or none matching) report `unknown`.
    public var types: [String]
    public var requests: Int
    /// How many times the collector waited for throttling (429 `Retry-After`, or a quota about to run out).
    public var throttledWaits: Int
    /// For `denied`: the permission or role that is missing (`Policy.Read.All`, `Reader on the subscription`).
    public var missingPermission: String?
    /// What went wrong, one line each, without secrets or tokens.
    public var messages: [String]

    public init(
        name: String, status: CollectorStatus, types: [String], requests: Int = 0, throttledWaits: Int = 0,
        missingPermission: String? = nil, messages: [String] = []
    ) {
        self.name = name
        self.status = status
        self.types = types
        self.requests = requests
        self.throttledWaits = throttledWaits
        self.missingPermission = missingPermission
        self.messages = messages
    }
}

/// A collector's outcome.
public enum CollectorStatus: String, Codable, Sendable, Hashable {
    /// Everything in scope was read.
    case complete
    /// Some of it was read (a subscription refused, a page that failed after retries).
    case partial
    /// The identity lacks a permission: nothing was read.
    case denied
    /// Nothing was read for another reason (the service failed, a malformed answer).
    case failed
}
