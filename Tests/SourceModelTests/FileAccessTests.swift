import Foundation
import SourceModel
import Testing

@Suite("Reading and writing named files")
struct FileAccessTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-file-access-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Test("a missing file is 'no such file', a folder is 'a folder', neither mentions permissions")
    func readFailures() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.json").path
        guard case .failure(let absent) = FileAccess.read(missing) else { Issue.record("read a missing file"); return }
        #expect(absent.reason == .missing)
        #expect(absent.diagnostic.code == .fileNotFound)
        #expect(absent.diagnostic.description == "\(missing):1:1: no such file; check the path")
        guard case .failure(let isFolder) = FileAccess.read(folder.path) else { Issue.record("read a folder"); return }
        #expect(isFolder.reason == .isFolder)
        #expect(isFolder.message == "is a folder; expected a file")
        let file = folder.appendingPathComponent("ok.txt")
        try Data("café".utf8).write(to: file)
        #expect(try FileAccess.readText(file.path).get() == "café")
        try Data([0xFF, 0xFE]).write(to: file)
        #expect(try FileAccess.readText(file.path).get() == nil)
    }

    @Test("writing to a folder or into a missing folder says which")
    func writeFailures() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .failure(let intoFolder) = FileAccess.write(Data(), to: folder.path, what: "the report") else {
            Issue.record("wrote over a folder")
            return
        }
        #expect(intoFolder.description == "\(folder.path): is a folder; cannot write the report there (give a file path)")
        let deep = folder.appendingPathComponent("a/b/report.json").path
        guard case .failure(let missingParent) = FileAccess.write(Data(), to: deep, what: "the report") else {
            Issue.record("wrote into a missing folder")
            return
        }
        #expect(missingParent.reason == .missingFolder)
        let file = folder.appendingPathComponent("report.json").path
        #expect((try? FileAccess.write(Data("{}".utf8), to: file, what: "the report").get()) != nil)
        #expect(FileManager.default.contents(atPath: file) == Data("{}".utf8))
    }
}
