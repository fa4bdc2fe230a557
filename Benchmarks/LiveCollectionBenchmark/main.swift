import AsyncHTTPClient
import AzureCredentials
import AzureFakes
import Foundation
import LiveCollection
import LiveSnapshot

// Serves a generated estate from the loopback fake (Resource Graph's 15-per-5-s quota on the fake's clock, which the
// collection's waits advance: no real sleeping) and collects it with every ARM collector, then prints requests by
// kind, wall time and peak RSS; with a folder, writes the snapshot there too (for timing `bulwark scan FOLDER`).
// Usage: LiveCollectionBenchmark [subscriptions] [resources] [snapshot folder]
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let snapshotFolder = CommandLine.arguments.dropFirst(3).first
let subscriptions = arguments.first ?? 200
let resources = arguments.dropFirst().first ?? 100_000

func peakRSS() -> String {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map {
        $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ")
    } ?? "unknown"
}

let generationStart = ContinuousClock.now
let estate = FakeEstate.generated(subscriptions: subscriptions, resources: resources)
print(
    "generated \(estate.resources.count) resources in \(estate.subscriptions.count) subscriptions in \(ContinuousClock.now - generationStart)"
)
let fake = FakeAzure(estate: estate)
print("after generation: peak RSS \(peakRSS())")

try await fake.run { base in
    let http = HTTPClient(eventLoopGroupProvider: .singleton)
    let credential = FakeAzureClientSecret(
        http: http, authority: base, tenantID: fake.tenantID, clientID: fake.clientID, secret: fake.clientSecret)
    let cloud = AzureCloud(
        name: "custom", authorityHost: base, resourceManager: base, graph: base,
        resourceManagerScope: "https://management.azure.com/.default",
        graphScope: "https://graph.microsoft.com/.default")
    let rest = AzureRESTClient(http: http, credential: credential, sleep: { fake.advance(by: $0) })
    let collector = LiveCollector(context: CollectionContext(cloud: cloud, rest: rest), collectors: LiveCollector.armCollectors)
    let start = ContinuousClock.now
    do {
        let content = try await collector.collect(CollectionScope(), bulwarkVersion: "benchmark")
        let wall = ContinuousClock.now - start
        print(
            "collected \(content.armResources.count) ARM records from \(content.manifest.scope.subscriptions.count) subscriptions in \(wall)"
        )
        for report in content.manifest.collectors {
            print("  \(report.name): \(report.status.rawValue), \(report.requests) requests, \(report.throttledWaits) throttling waits")
        }
        if let snapshotFolder {
            let writing = ContinuousClock.now
            try SnapshotWriter.write(content, to: snapshotFolder)
            print("wrote the snapshot to \(snapshotFolder) in \(ContinuousClock.now - writing)")
        }
    } catch {
        print("collection failed: \(error)")
    }
    for kind in FakeAzure.RequestKind.allCases { print("  fake \(kind.rawValue): \(fake.count(kind))") }
    print("simulated throttling time (fake clock): \(fake.now)")
    print("peak RSS \(peakRSS())")
    try await http.shutdown()
}
