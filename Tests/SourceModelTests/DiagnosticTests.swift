import LocatedYAML
import SourceModel
import Testing

@Suite("Locations and diagnostics")
struct DiagnosticTests {
    @Test("errors read file:line:col: message; warnings and notes name their severity")
    func descriptions() {
        let location = SourceLocation(file: "main.json", line: 3, column: 7)
        #expect(Diagnostic(.emptyFile, at: location, "the file is empty").description == "main.json:3:7: the file is empty")
        #expect(Diagnostic(.emptyFile, .warning, at: location, "odd").description == "main.json:3:7: warning: odd")
        #expect(Diagnostic(.fileNotFound, .note, file: "x.bicep", "skipped").description == "x.bicep:1:1: note: skipped")
    }

    @Test("a place that is not a file is named without a position")
    func liveLocations() {
        let id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"
        let location = SourceLocation(.liveResource, name: id)
        #expect(location.kind == .liveResource)
        #expect(location.description == id)
        #expect(Diagnostic(Diagnostic.Code("live-read-denied"), at: location, "403").description == "\(id): 403")
        #expect(SourceLocation(file: "a.json", line: 1, column: 1) != SourceLocation(.liveResource, name: "a.json"))
    }

    @Test("codes are an open set compared by their text")
    func openCodes() {
        #expect(Diagnostic.Code("empty-file") == .emptyFile)
        #expect(Diagnostic.Code.yamlSyntax.rawValue == "yaml-syntax")
    }

    @Test("the collector keeps order and tells errors from the rest")
    func collector() {
        var collector = DiagnosticCollector()
        #expect(!collector.hasErrors)
        collector.emit(.fileNotFound, .note, at: SourceLocation(file: "a", line: 1, column: 1), "skipped")
        collector.emit(Diagnostic(.emptyFile, file: "b", "empty"))
        collector.emit(contentsOf: [Diagnostic(.invalidUTF8, .warning, file: "c", "bytes")])
        #expect(collector.diagnostics.map(\.code) == [.fileNotFound, .emptyFile, .invalidUTF8])
        #expect(collector.errors.map(\.location.file) == ["b"])
        #expect(collector.hasErrors)
    }

    @Test("YAML syntax errors are located where the parser stopped")
    func yamlErrors() throws {
        #expect(throws: YAMLSyntaxError.self) { try YAMLDocument.compose("a: [1, 2\nb: 3\n", file: "r.yaml") }
        do {
            _ = try YAMLDocument.compose("rules:\n  - id: x\n   bad: indent\n", file: "r.yaml")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.location.file == "r.yaml")
            #expect(error.location.line == 3)
            #expect(error.diagnostic().code == .yamlSyntax)
            #expect(error.diagnostic().description.hasPrefix("r.yaml:3:"))
            #expect(error.diagnostic().message.hasPrefix("invalid YAML: "))
        }
        #expect(try YAMLDocument.compose("", file: "empty.yaml") == nil)
    }

    @Test("YAML nodes know where they are")
    func yamlLocations() throws {
        let root = try #require(try YAMLDocument.compose("listen:\n  port: 8080\nnames: [a, b]\n", file: "g.yaml"))
        #expect(root["listen"]?["port"]?.string == "8080")
        #expect(root["listen"]?["port"]?.location == SourceLocation(file: "g.yaml", line: 2, column: 9))
        #expect(root["names"]?.strings() == ["a", "b"])
        #expect(root.mapping?.map(\.key) == ["listen", "names"])
        #expect(root.mapping?.last?.keyLocation == SourceLocation(file: "g.yaml", line: 3, column: 1))
        #expect(root["missing"] == nil)
    }
}
