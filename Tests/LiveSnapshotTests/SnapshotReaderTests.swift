import Crypto
import Foundation
import LiveSnapshot
import PostureModel
import ScanTesting
import SourceModel
import Testing

@Suite("Reading and checking a snapshot folder")
struct SnapshotReaderTests {
    func written() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        return folder
    }

    func readError(_ folder: String) -> SnapshotError? {
        do throws(SnapshotError) {
            _ = try SnapshotReader.read(folder: folder)
            return nil
        } catch {
            return error
        }
    }

    @Test("a file the manifest lists that is missing is an error naming it")
    func missingFile() throws {
        let folder = try written()
        try FileManager.default.removeItem(atPath: folder.path + "/graph/objects.jsonl")
        let error = try #require(readError(folder.path))
        #expect(error.code == .missingFile)
        #expect(error.path == folder.path + "/graph/objects.jsonl")
        #expect(error.diagnostic.severity == .error)
        #expect(error.diagnostic.location.file == folder.path + "/graph/objects.jsonl")
    }

    @Test("a file changed after collection is an error naming it, not a partial read")
    func hashMismatch() throws {
        let folder = try written()
        let path = folder.path + "/arm/resources.jsonl"
        let edited = SnapshotFixtures.text(path).replacingOccurrences(of: #""disableLocalAuth":false"#, with: #""disableLocalAuth":true"#)
        try folder.write("arm/resources.jsonl", edited)
        let error = try #require(readError(folder.path))
        #expect(error.code == .hashMismatch)
        #expect(error.path == path)
        #expect(error.message.contains("changed after collection"))
    }

    @Test("another format is refused with both versions named")
    func wrongFormat() throws {
        let folder = try written()
        let manifest = SnapshotFixtures.text(folder.path + "/manifest.json").replacingOccurrences(
            of: "bulwark.snapshot/v1", with: "bulwark.snapshot/v2")
        try folder.write("manifest.json", manifest)
        let error = try #require(readError(folder.path))
        #expect(error.code == .unsupportedFormat)
        #expect(error.message.contains("bulwark.snapshot/v2") && error.message.contains("bulwark.snapshot/v1"))
    }

    @Test("a manifest that is not one, or lists a path outside the folder, is refused")
    func invalidManifest() throws {
        let folder = try written()
        try folder.write("manifest.json", #"{"format": "bulwark.snapshot/v1", "cloud": "AzureCloud"}"#)
        let error = try #require(readError(folder.path))
        #expect(error.code == .invalidManifest)
        #expect(error.message.contains("'createdAt' is missing") || error.message.contains("is missing"))

        let escaping = try written()
        var manifest = try SnapshotReader.readManifest(escaping.path + "/manifest.json")
        manifest.files["../outside.jsonl"] = String(repeating: "0", count: 64)
        try escaping.write("manifest.json", String(decoding: try JSONEncoder().encode(manifest), as: UTF8.self))
        #expect(readError(escaping.path)?.code == .missingFile)

        let empty = try TemporaryFolder()
        #expect(readError(empty.path)?.code == .invalidManifest)
    }

    @Test("a malformed line is a diagnostic at that line, and the other lines are still read")
    func malformedLine() throws {
        let folder = try TemporaryFolder()
        let lines = [
            #"{"id":"/s/a","name":"a","type":"Microsoft.Storage/storageAccounts"}"#,
            #"{"id":"/s/b","name":"b","type":"#,
            #"["not","a","record"]"#,
            #"{"id":"/s/c","name":"c","type":"Microsoft.KeyVault/vaults","properties":{"enableRbacAuthorization":true}}"#,
        ]
        try writeSnapshot(folder, resources: lines.joined(separator: "\n") + "\n")
        let reading = try SnapshotReader.read(folder: folder.path)
        #expect(reading.content.armResources.compactMap { $0[member: "id"]?.stringValue } == ["/s/a", "/s/c"])
        #expect(reading.problems.map(\.location.line) == [2, 3])
        #expect(reading.problems.allSatisfy { $0.code == .malformedSnapshotRecord && $0.location.file.hasSuffix("arm/resources.jsonl") })
        // Values keep their line and column: `enableRbacAuthorization`'s value on line 4.
        let vault = try #require(reading.content.armResources.last)
        let flag = try #require(vault[member: "properties"]?[member: "enableRbacAuthorization"])
        #expect(flag.location?.line == 4)
        let value = try #require(lines[3].range(of: "true"))
        #expect(flag.location?.column == lines[3].distance(from: lines[3].startIndex, to: value.lowerBound) + 1)
    }

    @Test("a data file the manifest does not list is not read, with a warning")
    func unlistedFile() throws {
        let folder = try written()
        var manifest = try SnapshotReader.readManifest(folder.path + "/manifest.json")
        manifest.files.removeValue(forKey: SnapshotContent.graphObjectsFile)
        try folder.write("manifest.json", String(decoding: try JSONEncoder().encode(manifest), as: UTF8.self))
        let reading = try SnapshotReader.read(folder: folder.path)
        #expect(reading.content.graphObjects.isEmpty)
        #expect(reading.content.armResources.count == 3)
        #expect(reading.problems.map(\.code) == [.unlistedSnapshotFile])
        #expect(reading.problems.first?.severity == .warning)
    }

    /// A snapshot folder whose ARM file is `resources` exactly, with a manifest that lists it with its real hash.
    func writeSnapshot(_ folder: TemporaryFolder, resources: String) throws {
        try SnapshotWriter.write(SnapshotContent(manifest: SnapshotFixtures.manifest()), to: folder.path)
        try folder.write("arm/resources.jsonl", resources)
        var manifest = try SnapshotReader.readManifest(folder.path + "/manifest.json")
        manifest.files[SnapshotContent.armResourcesFile] = Self.sha256(resources)
        try folder.write("manifest.json", String(decoding: try JSONEncoder().encode(manifest), as: UTF8.self))
    }

    /// The SHA-256 in lower-case hex, as manifests record it.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
