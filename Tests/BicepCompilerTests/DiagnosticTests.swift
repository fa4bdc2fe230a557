import BicepCompiler
import SourceModel
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
    func diagnostics(_ source: String) -> [Diagnostic] {
        BicepCompiler.compile(source: source, file: "main.bicep").diagnostics
    }

    @Test("an unknown symbol is reported at its position with what was expected")
    func unknownSymbol() throws {
        let found = diagnostics("var a = 1\noutput o int = b + a")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.code == .unknownSymbol)
        #expect(diagnostic.location.description == "main.bicep:2:16")
        #expect(diagnostic.message.contains("'b'"))
        #expect(diagnostic.message.contains("expected"))
    }

    @Test("unknown functions and namespaces are reported; loop variables, lambdas and nested resources are known")
    func unknownFunctions() {
        #expect(diagnostics("output o string = frobnicate(1)").map(\.code) == [.unknownFunction])
        #expect(diagnostics("output o string = sys.resourceGroup().id").map(\.code) == [.unknownFunction])
        #expect(diagnostics("output o string = foo.bar()").map(\.code) == [.unknownNamespace])
        #expect(diagnostics("@foo.description('x')\nparam p string").map(\.code) == [.unknownNamespace])
        #expect(diagnostics("var xs = [for (x, i) in range(0, 2): map([x], y => y + i)]").isEmpty)
        #expect(
            diagnostics(
                "resource a 'A.B/c@1' = {\n  name: 'a'\n  resource k 'd' = {\n    name: 'k'\n  }\n  properties: {\n    x: k.id\n  }\n}\noutput o string = a::k.id"
            ).isEmpty)
    }

    @Test("duplicate declarations are reported")
    func duplicates() {
        #expect(diagnostics("param a string\nvar a = 1").map(\.code) == [.duplicateSymbol])
        #expect(diagnostics("param a string\noutput a string = a").isEmpty)
    }

    @Test("unsupported constructs are named, not guessed, and give no template")
    func unsupported() {
        let compilation = BicepCompiler.compile(source: "extension microsoftGraph\nparam p string", file: "main.bicep")
        #expect(compilation.template == nil)
        #expect(compilation.isUnsupported)
        #expect(compilation.diagnostics.first?.message.contains("extensions") == true)
    }

    @Test("syntax errors stop compilation and are returned")
    func syntaxErrors() {
        let compilation = BicepCompiler.compile(source: "param = 3", file: "main.bicep")
        #expect(compilation.template == nil)
        #expect(!compilation.diagnostics.isEmpty)
        #expect(!compilation.isUnsupported)
    }
}
