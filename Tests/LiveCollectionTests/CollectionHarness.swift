import AsyncHTTPClient
import AzureCredentials
import AzureFakes
import Foundation
import LiveCollection
import LiveSnapshot
import PostureModel
import Synchronization
import Testing

/// A fake Azure on a loopback port and a collection pointed at it, as the command line points one with
/// `AZURE_AUTHORITY_HOST` and `BULWARK_ARM_ENDPOINT`. Waits go to the fake's clock: no real sleeping.
struct CollectionHarness {
    var fake: FakeAzure
    var options = CollectionOptions()
    var secret: String?
    var collectors: [any EstateCollector] = LiveCollector.armCollectors
    var onProgress: @Sendable (CollectionProgress, FakeAzure) -> Void = { _, _ in }

    init(_ fake: FakeAzure) { self.fake = fake }

    /// Collects `scope`; the result, or the error when nothing could be collected.
    func collect(_ scope: CollectionScope = CollectionScope()) async throws -> Result<SnapshotContent, CollectionError> {
        let fake = self.fake
        let box = Mutex<Result<SnapshotContent, CollectionError>?>(nil)
        let (options, secret, collectors, onProgress) = (self.options, self.secret ?? fake.clientSecret, self.collectors, self.onProgress)
        try await fake.run { base in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let credential = FakeAzureClientSecret(
                http: http, authority: base, tenantID: fake.tenantID, clientID: fake.clientID, secret: secret)
            let cloud = AzureCloud(
                name: "custom", authorityHost: base, resourceManager: base, graph: base,
                resourceManagerScope: "https://management.azure.com/.default", graphScope: "https://graph.microsoft.com/.default")
            let rest = AzureRESTClient(http: http, credential: credential, sleep: { fake.advance(by: $0) })
            let context = CollectionContext(cloud: cloud, rest: rest, options: options, progress: { onProgress($0, fake) })
            let result: Result<SnapshotContent, CollectionError>
            do throws(CollectionError) {
                result = .success(try await LiveCollector(context: context, collectors: collectors).collect(scope, bulwarkVersion: "test"))
            } catch {
                result = .failure(error)
            }
            box.withLock { $0 = result }
            try await http.shutdown()
        }
        return try #require(box.withLock { $0 })
    }
}

extension SnapshotContent {
    func report(_ name: String) -> CollectorReport? { manifest.collectors.first { $0.name == name } }

    var ids: [String] { armResources.compactMap { $0[member: "id"]?.stringValue } }

    func records(ofType type: String) -> [Value] { armResources.filter { $0[member: "type"]?.stringValue == type } }
}
