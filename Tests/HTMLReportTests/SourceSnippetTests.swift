import Foundation
import PostureModel
import RuleEngine
import SourceModel
import Testing

@testable import HTMLReport

@Suite("HTML report: source snippets")
struct SourceSnippetTests {
    func scratchFile(_ name: String, _ contents: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-snippets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    @Test("two lines either side of the finding, the finding's line marked, numbered from 1, CRLF read as one break")
    func aroundTheLine() throws {
        let path = try scratchFile("main.json", Data("one\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix\r\n".utf8))
        var snippets = SourceSnippets()
        let around = snippets.snippet(at: SourceLocation(file: path, line: 3, column: 1))
        let lines = try #require(around)
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5])
        #expect(lines.map(\.text) == ["one", "two", "three", "four", "five"])
        #expect(lines.map(\.isTarget) == [false, false, true, false, false])
        let atEnd = snippets.snippet(at: SourceLocation(file: path, line: 6, column: 1))
        let last = try #require(atEnd)
        #expect(last.map(\.number) == [4, 5, 6])
        let pastTheEnd = snippets.snippet(at: SourceLocation(file: path, line: 7, column: 1))
        #expect(pastTheEnd == nil)
    }

    @Test("each file is read once: later snippets come from the first read")
    func cachedPerFile() throws {
        let path = try scratchFile("cached.bicep", Data("a\nb\nc\n".utf8))
        var snippets = SourceSnippets()
        let first = snippets.snippet(at: SourceLocation(file: path, line: 2, column: 1))
        #expect(first?.first?.text == "a")
        try Data("changed\nb\nc\n".utf8).write(to: URL(fileURLWithPath: path))
        let again = snippets.snippet(at: SourceLocation(file: path, line: 2, column: 1))
        #expect(again?.first?.text == "a")
    }

    @Test("no snippet for a live resource, a missing file, a binary file or one over the size limit")
    func skippedSilently() throws {
        var snippets = SourceSnippets(context: 2, maximumFileSize: 64)
        let live = snippets.snippet(at: SourceLocation(.liveResource, name: "/subscriptions/s/providers/x"))
        #expect(live == nil)
        let missing = snippets.snippet(at: SourceLocation(file: "/nonexistent/\(UUID().uuidString).json", line: 1, column: 1))
        #expect(missing == nil)
        let binary = try scratchFile("blob.json", Data([0x7B, 0x00, 0x0A, 0x7D]))
        let binaryRead = snippets.snippet(at: SourceLocation(file: binary, line: 1, column: 1))
        #expect(binaryRead == nil)
        let large = try scratchFile("large.json", Data(String(repeating: "x\n", count: 100).utf8))
        let largeRead = snippets.snippet(at: SourceLocation(file: large, line: 1, column: 1))
        #expect(largeRead == nil)
        let invalid = try scratchFile("latin1.tf", Data([0x61, 0xE9, 0x0A]))
        let latin1Read = snippets.snippet(at: SourceLocation(file: invalid, line: 1, column: 1))
        #expect(latin1Read == nil)
    }

    @Test("the report shows the lines, escaped, with the finding's line marked")
    func inTheReport() throws {
        let path = try scratchFile("main.json", Data("{\n  \"a\": \"<b>\",\n  \"disableLocalAuth\": false\n}\n".utf8))
        let finding = HTMLFixtures.finding(.fail, name: "open", file: path, line: 3)
        let html = try HTMLFixtures.render(ScanResult(findings: [finding], rules: [HTMLFixtures.rule()]))
        #expect(html.contains("<span class=\"line-number\">2</span>  &quot;a&quot;: &quot;&lt;b&gt;&quot;,\n"))
        #expect(html.contains("<mark><span class=\"line-number\">3</span>  &quot;disableLocalAuth&quot;: false</mark>\n"))
    }
}
