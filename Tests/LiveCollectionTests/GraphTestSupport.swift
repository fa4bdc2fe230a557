import AsyncHTTPClient
import AzureCredentials
import AzureFakes
import Foundation
import LiveCollection
import LiveSnapshot
import PostureModel
import Synchronization
import Testing

/// A credential handing out a fixed opaque token per scope (`graph-token` for Graph), counting what it is asked; it
/// can hand out `expired-token` first, once, as a token that expired early would be.
final class FixedTokenCredential: TokenCredential {
    let sourceName = "fixed test tokens"
    private let state: Mutex<(issued: Int, invalidated: Int, expiredPending: Bool)>

    init(expiredFirst: Bool = false) {
        state = Mutex((0, 0, expiredFirst))
    }

    static let valid = "graph-token"
    static let expired = "expired-token"

    var issued: Int { state.withLock { $0.issued } }
    var invalidated: Int { state.withLock { $0.invalidated } }

    func token(scope: String) async throws(CredentialError) -> AccessToken {
        let value = state.withLock { state in
            state.issued += 1
            return state.expiredPending ? Self.expired : Self.valid
        }
        return AccessToken(value: value, expiresAt: Date().addingTimeInterval(3600))
    }

    func invalidate(scope: String) async {
        state.withLock { state in
            state.invalidated += 1
            state.expiredPending = false
        }
    }
}

/// Waits the client was told to make, instead of making them.
final class RecordedSleeps: Sendable {
    let waits = Mutex<[Duration]>([])
    var all: [Duration] { waits.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void { { [self] duration in waits.withLock { $0.append(duration) } } }
}

enum GraphTesting {
    static var corpusRoot: URL {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    /// The corpus tenant, or nil (with a message) when the corpus is missing.
    static func corpusTenant() throws -> FakeGraphTenant? {
        guard FileManager.default.fileExists(atPath: corpusRoot.appendingPathComponent("rest/graph").path) else {
            print("skipped: no corpus at \(corpusRoot.path) (set BULWARK_CORPUS to the corpus folder)")
            return nil
        }
        return try FakeGraphTenant.corpus(at: corpusRoot)
    }

    static func cloud(_ base: String) -> AzureCloud {
        AzureCloud(
            name: "custom", authorityHost: URL(string: base)!, resourceManager: URL(string: base)!, graph: URL(string: base)!,
            resourceManagerScope: "https://management.azure.com/.default", graphScope: "https://graph.microsoft.com/.default")
    }

    static func client(_ credential: FixedTokenCredential, sleeps: RecordedSleeps = RecordedSleeps()) -> AzureRESTClient {
        AzureRESTClient(http: .shared, credential: credential, sleep: sleeps.sleep)
    }

    /// Collects from `graph` served alone, with `credential`.
    static func collect(
        _ graph: FakeGraph, credential: FixedTokenCredential = FixedTokenCredential(), sleeps: RecordedSleeps = RecordedSleeps()
    ) async throws -> CollectedPart {
        let result = Mutex<CollectedPart?>(nil)
        try await graph.run { base in
            let context = CollectionContext(cloud: cloud(base), rest: client(credential, sleeps: sleeps))
            let part = await GraphCollector().collect(context, inventory: Inventory(tenantID: nil, subscriptions: [], resources: []))
            result.withLock { $0 = part }
        }
        return try #require(result.withLock { $0 })
    }
}

extension CollectedPart {
    func report(_ name: String) -> CollectorReport? { reports.first { $0.name == name } }

    func records(of type: String) -> [Value] { graphObjects.filter { $0[member: "type"]?.stringValue == type } }
}
