import Foundation
import NessusResults
import PostureModel
import ScanTesting
import SourceModel
import Testing

/// `.nessus` files that cannot be used: each an error at file:line:column, the rest still read.
@Suite("Nessus bad input")
struct BadInputTests {
    func read(_ text: String) throws -> (NessusFile, String) {
        let folder = try TemporaryFolder()
        let path = try NessusFixtures.write(text, in: folder)
        return (NessusReader.read(path), path)
    }

    @Test("a file that is not XML is an error at 1:1 naming the file")
    func notXML() throws {
        let (file, path) = try read("hostname,port\nadam,443\n")
        #expect(file.hosts.isEmpty)
        #expect(file.problems.map(\.code) == [.nessusNotXML])
        #expect(file.problems.first?.location == SourceLocation(file: path, line: 1, column: 1))
        #expect(file.problems.first?.severity == .error)
    }

    @Test("a DTD with an external entity is refused before parsing: no file is read, the position is the DOCTYPE's")
    func doctypeRefused() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE NessusClientData_v2 [<!ENTITY leak SYSTEM "file:///etc/hostname">]>
            <NessusClientData_v2><Report name="r"><ReportHost name="&leak;"><HostProperties/></ReportHost></Report></NessusClientData_v2>
            """
        let (file, path) = try read(text)
        #expect(file.hosts.isEmpty)
        #expect(file.reportItems == 0)
        #expect(file.problems.map(\.code) == [.nessusDTD])
        #expect(file.problems.first?.location == SourceLocation(file: path, line: 2, column: 1))
        #expect(file.problems.first?.message.contains("DOCTYPE") == true)
    }

    @Test("a DTD after a comment, and an internal entity, are refused too")
    func doctypeAfterComment() throws {
        let (file, _) = try read("<!-- exported -->\n  <!doctype x [<!ENTITY a \"b\">]><x/>")
        #expect(file.problems.map(\.code) == [.nessusDTD])
        #expect(file.problems.first?.location.line == 2)
        #expect(file.problems.first?.location.column == 3)
    }

    @Test("a truncated file keeps the hosts read completely and reports where it ends")
    func truncated() throws {
        let whole = NessusFixtures.document([
            ("a.example.com", [:], [.init(pluginID: "1", name: "One", severity: 2)]),
            ("b.example.com", [:], [.init(pluginID: "2", name: "Two", severity: 3)]),
        ])
        let cut = String(whole.prefix(upTo: try #require(whole.range(of: "<solution>Upgrade.</solution>", options: .backwards)).lowerBound))
        let (file, path) = try read(cut)
        #expect(file.hosts.map(\.name) == ["a.example.com"])
        #expect(file.problems.map(\.code) == [.nessusTruncated])
        #expect(file.problems.first?.location.file == path)
        #expect((file.problems.first?.location.line ?? 0) > 5)
        #expect(file.problems.first?.message.contains("<ReportItem>") == true)
    }

    @Test("another root element is an error naming what was found")
    func wrongRoot() throws {
        let (file, path) = try read("<?xml version=\"1.0\"?>\n<NessusClientData><Report/></NessusClientData>\n")
        #expect(file.problems.map(\.code) == [.nessusWrongRoot])
        #expect(file.problems.first?.location.file == path)
        #expect(file.problems.first?.location.line == 2)
        #expect(file.problems.first?.message.contains("found <NessusClientData>") == true)
    }

    @Test("mismatched tags after the root are malformed, with a position; an empty file is not XML")
    func malformedAndEmpty() throws {
        let (file, _) = try read("<NessusClientData_v2><Report name=\"r\"><ReportHost name=\"h\"></Report></NessusClientData_v2>")
        #expect(file.problems.map(\.code) == [.nessusMalformed])
        #expect(file.problems.first?.location.column ?? 0 > 1)
        let (empty, _) = try read("")
        #expect(empty.problems.map(\.code) == [.nessusNotXML])
    }

    @Test("a missing file and a folder say so")
    func unreadable() throws {
        let folder = try TemporaryFolder()
        let missing = NessusReader.read(folder.url.appendingPathComponent("nope.nessus").path)
        #expect(missing.problems.map(\.code) == [.fileNotFound])
        let isFolder = NessusReader.read(folder.path)
        #expect(isFolder.problems.map(\.code) == [.unreadableFile])
        #expect(isFolder.problems.first?.message.contains("folder") == true)
    }

    @Test("an item whose severity is not 0–4 is left out with a warning and still counted")
    func badSeverity() throws {
        let text = NessusFixtures.document([
            ("h", [:], [.init(pluginID: "1", name: "One", severity: 7), .init(pluginID: "2", name: "Two", severity: 1)])
        ])
        let (file, _) = try read(text)
        #expect(file.reportItems == 2)
        #expect(file.skippedItems == 1)
        #expect(file.hosts.first?.vulnerabilities.map(\.pluginID) == ["2"])
        #expect(file.problems.map(\.code) == [.nessusItemSkipped])
        #expect(file.problems.first?.severity == .warning)
    }

    @Test("plugin output is trimmed to 2,000 characters with a mark; oversized tags are dropped")
    func trimming() throws {
        let long = String(repeating: "x", count: 50_000)
        let text = NessusFixtures.document([
            (
                "h", ["patch-summary-txt-1": String(repeating: "p", count: 5_000), "host-ip": "10.0.0.1"],
                [.init(pluginID: "1", name: "One", severity: 4, extra: "<plugin_output>\(long)</plugin_output>")]
            )
        ])
        let (file, _) = try read(text)
        let output = try #require(file.hosts.first?.vulnerabilities.first?.pluginOutput)
        #expect(output.hasPrefix(String(repeating: "x", count: 2_000)))
        #expect(output.hasSuffix("(trimmed)"))
        #expect(output.count < 2_020)
        #expect(file.hosts.first?.tags["patch-summary-txt-1"] == nil)
        #expect(file.hosts.first?.tags["host-ip"] == "10.0.0.1")
    }
}
