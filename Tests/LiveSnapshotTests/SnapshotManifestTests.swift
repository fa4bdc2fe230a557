import Foundation
import LiveSnapshot
import Testing

@Suite("The snapshot manifest")
struct SnapshotManifestTests {
    @Test("a manifest survives a JSON round trip with its collectors' statuses and file hashes")
    func roundTrip() throws {
        let manifest = SnapshotManifest(
            createdAt: "2026-12-07T00:00:00Z", bulwarkVersion: "test", cloud: "AzureCloud",
            endpoints: .init(
                authority: "https://login.microsoftonline.com", resourceManager: "https://management.azure.com",
                graph: "https://graph.microsoft.com"),
            tenantID: "tenant", scope: .init(subscriptions: ["sub"]),
            principal: .init(kind: "servicePrincipal", id: "app", credential: "environment"),
            collectors: [
                CollectorReport(
                    name: "graph-conditional-access", status: .denied, types: ["Microsoft.Graph/conditionalAccessPolicies"],
                    requests: 1, missingPermission: "Policy.Read.All")
            ],
            files: ["arm/resources.jsonl": String(repeating: "0", count: 64)])
        let decoded = try JSONDecoder().decode(SnapshotManifest.self, from: JSONEncoder().encode(manifest))
        #expect(decoded == manifest)
        #expect(decoded.format == SnapshotManifest.currentFormat)
    }
}
