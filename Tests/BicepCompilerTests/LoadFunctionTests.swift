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
        // Not a variable's whole value: the text goes into an intermediate `$fxv#N` variable, as the compiler writes it.
        #expect(string(template, "variables", "i") == "[format('x{0}', variables('$fxv#0'))]")
        #expect(string(template, "variables", "$fxv#0") == "hi\r\n")
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
        #expect(string(template, "variables", "y") == "[variables('$fxv#0')]")
        #expect(keys(template, "variables", "$fxv#0") == ["a", "b", "c", "d"])
        #expect(value(template, ["variables", "$fxv#0", "a"])?.kind == .integer(1))
        #expect(value(template, ["variables", "$fxv#0", "b", 1])?.kind == .bool(true))
        #expect(value(template, ["variables", "$fxv#0", "c"])?.kind == .null)
        #expect(string(template, "variables", "$fxv#0", "d") == "2")
        #expect(string(template, "variables", "$fxv#1") == "x")
        let broken = compileModules(["/p/main.bicep": "var y = loadYamlContent('d.yaml')", "/p/d.yaml": "a: [1, 2\n"])
        #expect(broken.diagnostics.map(\.code) == [.invalidBicep])
    }

    @Test("loadJsonContent gives the JSON value, a JSONPath selects part of it, and inside expressions it is built")
    func jsonContent() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "var j = loadJsonContent('d.json')\nvar n = loadJsonContent('d.json', '$.a.b[1]')\nvar l = length(loadJsonContent('d.json', '.a'))\n",
            "/p/d.json": #"{"a": {"b": [1, "two"]}, "c": true}"#,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        // Each call gets an intermediate `$fxv#N` variable holding the value, numbered in the order the calls appear.
        #expect(string(template, "variables", "j") == "[variables('$fxv#0')]")
        #expect(keys(template, "variables", "$fxv#0") == ["a", "c"])
        #expect(value(template, ["variables", "$fxv#0", "c"])?.kind == .bool(true))
        #expect(string(template, "variables", "$fxv#1") == "two")
        #expect(string(template, "variables", "l") == "[length(variables('$fxv#2'))]")
        #expect(keys(template, "variables", "$fxv#2") == ["b"])
    }

    @Test("JSONPath filters and wildcards select every match; one match is the value, several an array")
    func filters() throws {
        let data = #"{"a": [{"b": 1, "n": "x"}, {"b": 2, "n": "y"}, {"b": 3, "n": "z"}]}"#
        let compilation = compileModules([
            "/p/main.bicep":
                "var many = loadJsonContent('d.json', '$.a[?(@.b > 1)].n')\nvar one = loadJsonContent('d.json', '$.a[?(@.n == \\'x\\')].b')\nvar all = loadJsonContent('d.json', '.a[*].b')\n",
            "/p/d.json": data,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(strings(template, "variables", "$fxv#0") == ["y", "z"])
        #expect(value(template, ["variables", "$fxv#1"])?.kind == .integer(1))
        #expect(value(template, ["variables", "$fxv#2"]).map { json($0) } == "[1,2,3]")
        let recursive = compileModules(["/p/main.bicep": "var j = loadJsonContent('d.json', '$..b')\n", "/p/d.json": data])
        #expect(recursive.isUnsupported)
        let none = compileModules(["/p/main.bicep": "var j = loadJsonContent('d.json', '$.a[?(@.b > 9)]')\n", "/p/d.json": data])
        #expect(none.diagnostics.map(\.code) == [.invalidBicep])
    }

    @Test("loadDirectoryFileInfo lists the folder's files matching the pattern, sorted ignoring case")
    func directory() throws {
        let compilation = compileModules([
            "/p/main.bicep": "var all = loadDirectoryFileInfo('assets')\nvar txt = loadDirectoryFileInfo('assets', '*.txt')\n",
            "/p/assets/b.txt": "", "/p/assets/A.json": "", "/p/assets/sub/c.txt": "",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(
            json(template, "variables", "$fxv#0")
                == ##"[{"relativePath": "assets/A.json","baseName": "A.json","extension": ".json"},{"relativePath": "assets/b.txt","baseName": "b.txt","extension": ".txt"}]"##
        )
        #expect(json(template, "variables", "$fxv#1", 0, "baseName") == #""b.txt""#)
        let missing = compileModules(["/p/main.bicep": "var x = loadDirectoryFileInfo('nope')\n"])
        #expect(missing.diagnostics.map(\.code) == [.moduleNotFound])
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
