import Foundation
import LiveSnapshot
import PostureModel
import ScanTesting
import Testing

@Suite("Writing a snapshot folder")
struct SnapshotWriterTests {
    @Test("what is written reads back as the same estate, records sorted by lower-cased id")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let content = try SnapshotFixtures.estate(collectors: [
            CollectorReport(name: "resource-graph", status: .complete, types: ["*"], requests: 3)
        ])
        try SnapshotWriter.write(content, to: folder.path)
        let reading = try SnapshotReader.read(folder: folder.path)
        #expect(reading.problems.isEmpty)
        #expect(reading.content.manifest.collectors == content.manifest.collectors)
        #expect(reading.content.manifest.tenantID == SnapshotFixtures.tenant)
        #expect(Set(reading.content.manifest.files.keys) == [SnapshotContent.armResourcesFile, SnapshotContent.graphObjectsFile])
        let ids = reading.content.armResources.compactMap { $0[member: "id"]?.stringValue }
        #expect(
            ids
                == [SnapshotFixtures.account, SnapshotFixtures.deployment, SnapshotFixtures.diagnostics].sorted {
                    $0.lowercased() < $1.lowercased()
                })
        let byID = Dictionary(uniqueKeysWithValues: content.armResources.map { ($0[member: "id"]?.stringValue ?? "", $0) })
        for record in reading.content.armResources {
            let original = try #require(byID[record[member: "id"]?.stringValue ?? ""])
            #expect(record.deepEquals(original) { $0.kind == $1.kind })
            #expect(record.location?.file == folder.path + "/" + SnapshotContent.armResourcesFile)
        }
        #expect(reading.content.graphObjects.count == 1)
        #expect(reading.content.graphObjects.first?.deepEquals(content.graphObjects[0]) { $0.kind == $1.kind } == true)
    }

    @Test("a line is compact JSON with keys sorted and numbers and strings as collected")
    func lineShape() throws {
        let folder = try TemporaryFolder()
        let record = try SnapshotFixtures.record(
            #"{"type": "Microsoft.Storage/storageAccounts", "id": "/s/a", "properties": {"z": 1.5, "a": 12345678901234, "text": "é \"q\"\n", "big": 1e300}, "name": "a"}"#
        )
        try SnapshotWriter.write(SnapshotContent(manifest: SnapshotFixtures.manifest(), armResources: [record]), to: folder.path)
        let text = SnapshotFixtures.text(folder.path + "/arm/resources.jsonl")
        #expect(
            text
                == #"{"id":"/s/a","name":"a","properties":{"a":12345678901234,"big":1e+300,"text":"é \"q\"\n","z":1.5},"type":"Microsoft.Storage/storageAccounts"}"#
                + "\n")
        let manifest = SnapshotFixtures.text(folder.path + "/manifest.json")
        #expect(manifest.contains("\"format\" : \"bulwark.snapshot/v1\""))
        #expect(manifest.hasSuffix("}\n"))
        let keys = manifest.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
    }

    @Test("the same estate collected in another order gives the same bytes")
    func deterministic() throws {
        let content = try SnapshotFixtures.estate()
        var shuffled = content
        shuffled.armResources.reverse()
        shuffled.armResources = shuffled.armResources.map { record in
            Value(.object((record.members ?? []).reversed()), location: nil)
        }
        let first = try TemporaryFolder()
        let second = try TemporaryFolder()
        try SnapshotWriter.write(content, to: first.path)
        try SnapshotWriter.write(shuffled, to: second.path)
        for file in ["manifest.json", "arm/resources.jsonl", "graph/objects.jsonl"] {
            #expect(SnapshotFixtures.bytes(first.path + "/" + file) == SnapshotFixtures.bytes(second.path + "/" + file), "\(file)")
            #expect(!SnapshotFixtures.bytes(first.path + "/" + file).isEmpty || file == "graph/objects.jsonl")
        }
    }

    @Test("a previous snapshot is overwritten, and no temporary file is left behind")
    func overwrites() throws {
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        // An interrupted earlier write left a temporary manifest: still a snapshot's folder.
        try folder.write(".manifest.json.partial", "{")
        var smaller = try SnapshotFixtures.estate()
        smaller.armResources.removeLast()
        try SnapshotWriter.write(smaller, to: folder.path)
        let reading = try SnapshotReader.read(folder: folder.path)
        #expect(reading.content.armResources.count == 2)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }

    @Test("a write that fails part way leaves no manifest, so the folder is not taken for a snapshot")
    func interruptedWrite() throws {
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        // A folder where the Graph file's temporary copy must go makes the write fail after the ARM file.
        try FileManager.default.createDirectory(atPath: folder.path + "/graph/.objects.jsonl.partial", withIntermediateDirectories: true)
        #expect(throws: SnapshotError.self) { try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path) }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/manifest.json"))
        #expect(throws: SnapshotError.self) { try SnapshotReader.read(folder: folder.path) }
    }

    @Test("a folder holding other files is refused, and left as it was")
    func refusesOtherFolders() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param location string")
        #expect(throws: SnapshotError.self) { try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path) }
        do {
            try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        } catch let error as SnapshotError {
            #expect(error.code == .folderNotEmpty)
            #expect(error.message.contains("main.bicep"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["main.bicep"])
        // A manifest.json of something else (a web app's) is not a snapshot either.
        let other = try TemporaryFolder()
        try other.write("manifest.json", #"{"name": "my app", "start_url": "/"}"#)
        #expect(throws: SnapshotError.self) { try SnapshotWriter.write(try SnapshotFixtures.estate(), to: other.path) }
    }

    @Test("a new folder is created, parents included")
    func createsFolder() throws {
        let folder = try TemporaryFolder()
        let target = folder.path + "/evidence/2026-12-07"
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: target)
        #expect(try SnapshotReader.read(folder: target).content.armResources.count == 3)
    }
}
