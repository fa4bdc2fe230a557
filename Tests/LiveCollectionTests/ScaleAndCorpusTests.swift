import AzureFakes
import Foundation
@testable import LiveCollection
import LiveSnapshot
import PostureModel
import Testing

@Suite("Collection at tenant scale, and replaying the corpus's ARM examples")
struct ScaleAndCorpusTests {
    @Test("100,000 resources in 200 subscriptions: at most 120 Resource Graph requests, and ARM requests bounded by the estate")
    func scale() async throws {
        let estate = FakeEstate.generated(subscriptions: 200, resources: 100_000)
        let fake = FakeAzure(estate: estate)
        let content = try await CollectionHarness(fake).collect().get()
        #expect(fake.count(.resourceGraph) <= 120)
        #expect(fake.count(.resourceGraphThrottled) == 0)
        // 200 × 5 subscription lists, 4 lists per AI account (1,000) and 2 per ML workspace (200), and one batch
        // per 20 diagnostic-settings targets (≤ 9 per 100 resources): about 6,700 at most.
        let accounts = estate.resources.filter { $0.lowerType == "microsoft.cognitiveservices/accounts" }.count
        let workspaces = estate.resources.filter { $0.lowerType == "microsoft.machinelearningservices/workspaces" }.count
        let targets = estate.resources.filter {
            DiagnosticSettingsCollector.targetTypes.contains($0.lowerType)
        }.count
        #expect(fake.count(.armGet) == 200 * 5 + accounts * 4 + workspaces * 2)
        #expect(fake.count(.armBatch) <= targets / 20 + 200)
        #expect(fake.count(.armGet) + fake.count(.armBatch) <= 7_000)
        #expect(content.manifest.collectors.allSatisfy { $0.status == .complete })
        #expect(content.records(ofType: "Microsoft.Resources/subscriptions").count == 200)
        #expect(content.armResources.count > 100_000 + 1_200)
    }

    static var corpus: URL? {
        let root =
            ProcessInfo.processInfo.environment["BULWARK_CORPUS"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/corpus").standardized
        let rest = root.appendingPathComponent("rest")
        return FileManager.default.fileExists(atPath: rest.appendingPathComponent("specification").path) ? rest : nil
    }

    @Test("the corpus's ARM examples, served by the fake, are collected whole, in ARM casing, with their children")
    func corpusReplay() async throws {
        guard let corpus = Self.corpus else {
            print("skipping the corpus replay: no corpus at BULWARK_CORPUS or ../shared/corpus")
            return
        }
        let estate = FakeEstate.corpus(at: corpus)
        try #require(!estate.resources.isEmpty)
        let content = try await CollectionHarness(FakeAzure(estate: estate)).collect().get()
        let byID = Dictionary(
            content.armResources.map { ($0[member: "id"]?.stringValue?.lowercased() ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        for row in estate.resources {
            let record = try #require(byID[row.lowerID], "\(row.lowerID)")
            let type = try #require(record[member: "type"]?.stringValue)
            #expect(type.lowercased() == row.lowerType)
            #expect(type.first?.isUppercase == true && type != row.lowerType)
        }
        // Child lists of the accounts the corpus holds come back from ARM with their parents in their names.
        for (collection, items) in estate.lists where collection.contains("/providers/microsoft.cognitiveservices/accounts/") {
            let parent = String(collection[..<(collection.range(of: "/", options: .backwards)?.lowerBound ?? collection.endIndex)])
            guard byID[parent] != nil, collection.hasSuffix("/deployments") || collection.hasSuffix("/raipolicies") else { continue }
            #expect(items.count > 0)
            for record in content.armResources where (record[member: "id"]?.stringValue?.lowercased() ?? "").hasPrefix(collection + "/") {
                #expect(record[member: "name"]?.stringValue?.contains("/") == true)
            }
        }
        #expect(content.manifest.collectors.allSatisfy { $0.status == .complete })
    }
}

@Suite("Resource Graph rows as ARM records")
struct ResourceRecordTests {
    @Test("types take ARM casing from the table, the id, or a capitalised namespace; names keep their parents")
    func casingAndNames() throws {
        #expect(
            ResourceRecord.armType("microsoft.cognitiveservices/accounts", id: "/subscriptions/s/resourceGroups/r/providers/x/y/z")
                == "Microsoft.CognitiveServices/accounts")
        #expect(
            ResourceRecord.armType("microsoft.resources/subscriptions/resourcegroups", id: "/subscriptions/s/resourceGroups/r")
                == "Microsoft.Resources/resourceGroups")
        #expect(
            ResourceRecord.armType(
                "microsoft.web/sites/slots", id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/app/slots/staging")
                == "Microsoft.Web/sites/slots")
        #expect(ResourceRecord.armType("contoso.widgets/gadgets", id: "/subscriptions/s") == "Contoso.Widgets/gadgets")
        #expect(
            ResourceRecord.fullName(
                id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.CognitiveServices/accounts/a/deployments/gpt-4o", fallback: "")
                == "a/gpt-4o")
        #expect(
            ResourceRecord.fullName(
                id:
                    "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d",
                fallback: "") == "d")
    }
}
