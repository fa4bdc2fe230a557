public import AzureCredentials
public import LiveSnapshot
public import PostureModel

/// One part of a live collection beyond the inventory: diagnostic settings, AI child resources, Defender plans,
/// role assignments, PIM schedules, Microsoft Graph. Collectors run concurrently once the inventory is read; each
/// returns its records and its report(s), and never throws: what it could not read is in its report's status.
public protocol EstateCollector: Sendable {
    func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart
}

/// What every collector works with.
public struct CollectionContext: Sendable {
    public var cloud: AzureCloud
    public var rest: AzureRESTClient
    public var options: CollectionOptions
    /// Told of progress (stage names, resources found); the display reads request counts from `rest.statistics`.
    public var progress: @Sendable (CollectionProgress) -> Void

    public init(
        cloud: AzureCloud, rest: AzureRESTClient, options: CollectionOptions = CollectionOptions(),
        progress: @escaping @Sendable (CollectionProgress) -> Void = { _ in }
    ) {
        self.cloud = cloud
        self.rest = rest
        self.options = options
        self.progress = progress
    }
}

/// Bounds on a collection's requests.
public struct CollectionOptions: Sendable {
    /// Requests in flight to one subscription (ARM throttles per subscription).
    public var perSubscription = 8
    /// Resource Graph queries in flight (it allows about 15 per 5 s per user).
    public var resourceGraph = 3
    /// At most this many subscriptions per Resource Graph request.
    public var subscriptionsPerQuery = 300
    /// Rows per Resource Graph page (its maximum).
    public var rowsPerPage = 1000
    /// Requests per ARM `/batch` call (its maximum).
    public var requestsPerBatch = 20

    public init() {}
}

/// A change worth showing: the stage a collector is in and what it has found so far.
public struct CollectionProgress: Sendable, Hashable {
    public var stage: String
    public var subscriptions: Int
    public var resources: Int

    public init(stage: String, subscriptions: Int = 0, resources: Int = 0) {
        self.stage = stage
        self.subscriptions = subscriptions
        self.resources = resources
    }
}

/// What Resource Graph found: the subscriptions read and every resource in them, as ARM records (see
/// ``SnapshotContent``), sorted by id.
public struct Inventory: Sendable {
    public var tenantID: String?
    /// Subscription ids read, sorted.
    public var subscriptions: [String]
    public var resources: [Value]

    public init(tenantID: String?, subscriptions: [String], resources: [Value]) {
        self.tenantID = tenantID
        self.subscriptions = subscriptions
        self.resources = resources
    }
}

/// One collector's records and reports.
public struct CollectedPart: Sendable {
    public var armResources: [Value]
    public var graphObjects: [Value]
    public var reports: [CollectorReport]
    /// The tenant's display name, when a collector read it (Graph `/organization`).
    public var tenantDisplayName: String?

    public init(armResources: [Value] = [], graphObjects: [Value] = [], reports: [CollectorReport] = [], tenantDisplayName: String? = nil) {
        self.armResources = armResources
        self.graphObjects = graphObjects
        self.reports = reports
        self.tenantDisplayName = tenantDisplayName
    }
}
