import BicepCompiler
import SourceModel
import Testing

@Suite("Compile-time load functions")
struct LoadFunctionTests {
    @Test("loadTextContent and loadFileAsBase64 read files relative to the declaring file")
    func text() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "var t = loadTextContent('assets/a.txt')\nvar b = sys.loadFileAsBase64('assets/a.txt')\nvar i = 'x${loadTextContent('assets/a.txt')}'\n",
            "/p/assets/a.txt": "hi\r\n",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "variables", "t") == "hi\r\n")
        #expect(string(template, "variables", "b") == "aGkNCg==")
        #expect(string(template, "variables", "i") == "[format('x{0}', 'hi\r\n')]")
    }

    @Test("loadTextContent decodes the encoding it is given and drops a byte order mark")
    func encodings() throws {
        let compilation = compileModules([
            "/p/main.bicep": "var t = loadTextContent('a.txt', 'utf-8')\n",
            "/p/a.txt": "\u{FEFF}é",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "variables", "t") == "é")
        let wrong = compileModules(["/p/main.bicep": "var t = loadTextContent('a.txt', 'ebcdic')\n", "/p/a.txt": "x"])
        #expect(wrong.diagnostics.map(\.code) == [.invalidBicep])
    }

    @Test("loadJsonContent gives the JSON value, a JSONPath selects part of it, and inside expressions it is built")
    func json() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "var j = loadJsonContent('d.json')\nvar n = loadJsonContent('d.json', '$.a.b[1]')\nvar l = length(loadJsonContent('d.json', '.a'))\n",
            "/p/d.json": #"{"a": {"b": [1, "two"]}, "c": true}"#,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(keys(template, "variables", "j") == ["a", "c"])
        #expect(value(template, ["variables", "j", "c"])?.kind == .bool(true))
        #expect(string(template, "variables", "n") == "two")
        #expect(string(template, "variables", "l") == "[length(createObject('b', createArray(1, 'two')))]")
    }

    @Test("JSONPath filters are named as unsupported, not reported as errors in the file")
    func filters() {
        let compilation = compileModules([
            "/p/main.bicep": "var j = loadJsonContent('d.json', '$.a[?(@.b > 1)]')\n", "/p/d.json": #"{"a": []}"#,
        ])
        #expect(compilation.isUnsupported)
    }

    @Test("a missing file is a located error")
    func missing() throws {
        let compilation = compileModules(["/p/main.bicep": "var x = 1\nvar t = loadTextContent('nope.txt')\n"])
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.first?.location.description == "/p/main.bicep:2:9")
        #expect(compilation.diagnostics.first?.message.contains("nope.txt") == true)
    }
}
