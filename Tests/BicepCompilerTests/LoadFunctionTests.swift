import Foundation
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

    @Test("loadYamlContent types plain scalars by YAML's core schema, keeps quoted ones strings, and selects with a path")
    func yaml() throws {
        let compilation = compileModules([
            "/p/main.bicep": "var y = loadYamlContent('d.yaml')\nvar s = loadYamlContent('d.yaml', '$.b[0]')\n",
            "/p/d.yaml": "a: 1\nb:\n  - x\n  - true\nc: null\nd: '2'\n",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(keys(template, "variables", "y") == ["a", "b", "c", "d"])
        #expect(value(template, ["variables", "y", "a"])?.kind == .integer(1))
        #expect(value(template, ["variables", "y", "b", 1])?.kind == .bool(true))
        #expect(value(template, ["variables", "y", "c"])?.kind == .null)
        #expect(string(template, "variables", "y", "d") == "2")
        #expect(string(template, "variables", "s") == "x")
        let broken = compileModules(["/p/main.bicep": "var y = loadYamlContent('d.yaml')", "/p/d.yaml": "a: [1, 2\n"])
        #expect(broken.diagnostics.map(\.code) == [.invalidBicep])
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

    @Test("files are read relative to the template only, within the compiler's size limits")
    func confinedAndBounded() throws {
        let absolute = compileModules(["/p/main.bicep": "var t = loadTextContent('/etc/hostname')\n"])
        #expect(absolute.template == nil)
        #expect(absolute.diagnostics.map(\.code) == [.invalidBicep], "\(absolute.diagnostics)")
        let module = compileModules(["/p/main.bicep": "module m '/p/child.bicep' = {\n  name: 'm'\n}\n", "/p/child.bicep": ""])
        #expect(module.template == nil)
        #expect(module.diagnostics.first?.message.contains("relative") == true, "\(module.diagnostics)")
        let large = String(repeating: "x", count: 96 * 1024 + 1)
        let base64 = compileModules(["/p/main.bicep": "var b = loadFileAsBase64('big.bin')\n", "/p/big.bin": large])
        #expect(base64.template == nil, "96 KB is the most loadFileAsBase64 reads")
        let text = compileModules(["/p/main.bicep": "var t = loadTextContent('big.txt')\n", "/p/big.txt": large])
        #expect(text.template != nil, "\(text.diagnostics)")
        let huge = String(repeating: "x", count: 1_048_577)
        let tooLong = compileModules(["/p/main.bicep": "var t = loadTextContent('huge.txt')\n", "/p/huge.txt": huge])
        #expect(tooLong.template == nil, "1,048,576 characters is the most loadTextContent reads")
    }

    @Test("the file system reader reads regular files only: a device or a folder is no file")
    func regularFilesOnly() throws {
        #expect(BicepFileReader.fileSystem.read("/dev/zero") == nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bicep-reader-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(BicepFileReader.fileSystem.read(folder.path) == nil)
        let file = folder.appendingPathComponent("a.txt")
        try Data("hi".utf8).write(to: file)
        #expect(BicepFileReader.fileSystem.read(file.path) == Array("hi".utf8))
        let link = folder.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(BicepFileReader.fileSystem.read(link.path) == Array("hi".utf8), "a link is followed to its file")
    }

    @Test("a missing file is a located error")
    func missing() throws {
        let compilation = compileModules(["/p/main.bicep": "var x = 1\nvar t = loadTextContent('nope.txt')\n"])
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.first?.location.description == "/p/main.bicep:2:9")
        #expect(compilation.diagnostics.first?.message.contains("nope.txt") == true)
    }
}
