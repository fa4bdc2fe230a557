import Foundation
import LiveSnapshot
import PostureModel
import ScanTesting
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scale: 100,000 resources written, read back and loaded in one process under 1 GB. Minutes in a
/// debug build, so it runs when `BULWARK_SCALE_TESTS` is set (`BULWARK_SCALE_RECORDS` changes the count).
@Suite("A snapshot at tenant scale", .enabled(if: ProcessInfo.processInfo.environment["BULWARK_SCALE_TESTS"] != nil))
struct SnapshotScaleTests {
    static var count: Int { ProcessInfo.processInfo.environment["BULWARK_SCALE_RECORDS"].flatMap(Int.init) ?? 100_000 }

    /// A resource shaped like a Resource Graph row of a storage account (about 700 bytes written).
    static func record(_ index: Int) -> Value {
        func string(_ text: String) -> Value { .string(text) }
        func object(_ members: [(String, Value)]) -> Value { Value(.object(members.map { Value.Member(key: $0.0, value: $0.1) })) }
        let subscription = String(format: "%08d-0000-0000-0000-%012d", index % 200, index % 200)
        let id = "/subscriptions/\(subscription)/resourceGroups/rg-\(index % 50)/providers/Microsoft.Storage/storageAccounts/st\(index)"
        return object([
            ("id", string(id)), ("name", string("st\(index)")), ("type", string("Microsoft.Storage/storageAccounts")),
            ("kind", string("StorageV2")), ("location", string("westeurope")), ("sku", object([("name", string("Standard_LRS"))])),
            ("tags", object([("env", string("prod")), ("owner", string("team-\(index % 17)"))])),
            (
                "properties",
                object([
                    ("allowBlobPublicAccess", Value(.bool(false))), ("minimumTlsVersion", string("TLS1_2")),
                    ("supportsHttpsTrafficOnly", Value(.bool(true))), ("publicNetworkAccess", string("Disabled")),
                    ("allowSharedKeyAccess", Value(.bool(index % 3 == 0))),
                    (
                        "networkAcls",
                        object([
                            ("defaultAction", string("Deny")), ("bypass", string("AzureServices")),
                            (
                                "ipRules",
                                Value(.array([object([("value", string("203.0.113.\(index % 250)")), ("action", string("Allow"))])]))
                            ),
                        ])
                    ),
                    (
                        "encryption",
                        object([
                            ("keySource", string("Microsoft.Storage")),
                            ("services", object([("blob", object([("enabled", Value(.bool(true)))]))])),
                        ])
                    ),
                    ("creationTime", string("2026-01-01T00:00:00.0000000Z")), ("capacityBytes", Value(.integer(Int64(index) * 1024))),
                ])
            ),
        ])
    }

    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return Int(usage.ru_maxrss) / 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }

    @Test("100,000 records are written, read and loaded in well under 1 GB")
    func scale() throws {
        let folder = try TemporaryFolder()
        let clock = ContinuousClock()
        var content = SnapshotContent(manifest: SnapshotFixtures.manifest())
        content.armResources = (0..<Self.count).map(Self.record)
        let writing = try clock.measure { try SnapshotWriter.write(content, to: folder.path) }
        content.armResources = []
        let peakWriting = Self.peakResidentMegabytes()
        var loaded = 0
        var problems = 0
        let reading = try clock.measure {
            let input = SnapshotLoading.load(try SnapshotReader.read(folder: folder.path))
            loaded = input.resources.count
            problems = input.problems.count
        }
        let size = (try FileManager.default.attributesOfItem(atPath: folder.path + "/arm/resources.jsonl")[.size] as? Int) ?? 0
        let peak = Self.peakResidentMegabytes()
        print(
            "snapshot scale: \(Self.count) records, \(size / 1_048_576) MB written in \(writing) (peak RSS \(peakWriting) MB), "
                + "read and loaded in \(reading) (peak RSS \(peak) MB)")
        #expect(loaded == Self.count)
        #expect(problems == 0)
        #expect(peak < 1024)
    }
}
