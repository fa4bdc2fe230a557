import BicepCompiler
import SourceModel
import Testing

/// Registry modules from the Bicep CLI's restore cache (`<root>/br/<registry>/<repository with $>/<tag>$/main.json`),
/// read from an injected cache root: no test reads the real home folder.
@Suite("Bicep CLI restore cache")
struct BicepCacheTests {
    static func published(_ output: String) -> String {
        #"{"$schema": "s", "contentVersion": "1.0.0.0", "resources": [], "outputs": {"x": {"type": "string", "value": ""#
            + output + #""}}}"#
    }

    func compile(_ files: [String: String], registryRoot: String? = nil, cacheRoot: String? = "/home/u/.bicep") -> BicepCompilation {
        let options = BicepCompileOptions(reader: .inMemory(files), registryRoot: registryRoot, bicepCacheRoot: cacheRoot)
        return BicepCompiler.compile(file: "/p/main.bicep", options: options)
    }

    static let main = """
        module a 'br/public:avm/res/x/y:1.0.0' = {
          name: 'a'
        }
        module b 'br:Example.azurecr.io:5000/team/Mods:V1Beta' = {
          name: 'b'
        }
        module c 'br:example.io/mods/z@sha256:abc' = {
          name: 'c'
        }

        """

    @Test("br/public:, br: with a port and capitals in the tag, and a digest resolve from the cache's layout")
    func layout() throws {
        let compilation = compile([
            "/p/main.bicep": Self.main,
            "/home/u/.bicep/br/mcr.microsoft.com/bicep$avm$res$x$y/1.0.0$/main.json": Self.published("public"),
            "/home/u/.bicep/br/example.azurecr.io$5000/team$Mods/V1Beta$5/main.json": Self.published("port"),
            "/home/u/.bicep/br/example.io/mods$z/sha256#abc/main.json": Self.published("digest"),
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 0, "properties", "template", "outputs", "x", "value") == "public")
        #expect(string(template, "resources", 1, "properties", "template", "outputs", "x", "value") == "port")
        #expect(string(template, "resources", 2, "properties", "template", "outputs", "x", "value") == "digest")
        #expect(compilation.includedFiles.first == "/home/u/.bicep/br/mcr.microsoft.com/bicep$avm$res$x$y/1.0.0$/main.json")
    }

    @Test("the registry folder wins over the cache; without either the warning says where the cache would hold it")
    func precedence() throws {
        let files = [
            "/p/main.bicep": "module a 'br/public:avm/res/x/y:1.0.0' = {\n  name: 'a'\n}\n",
            "/home/u/.bicep/br/mcr.microsoft.com/bicep$avm$res$x$y/1.0.0$/main.json": Self.published("cache"),
            "/reg/mcr.microsoft.com/bicep/avm/res/x/y/1.0.0/main.json": Self.published("folder"),
        ]
        let both = try #require(compile(files, registryRoot: "/reg").template)
        #expect(string(both, "resources", 0, "properties", "template", "outputs", "x", "value") == "folder")
        let cacheOnly = try #require(compile(files, registryRoot: "/elsewhere").template)
        #expect(string(cacheOnly, "resources", 0, "properties", "template", "outputs", "x", "value") == "cache")
        let none = compile(["/p/main.bicep": files["/p/main.bicep"]!])
        #expect(none.diagnostics.map(\.code) == [.moduleNotRestored])
        #expect(none.diagnostics.first?.message.contains("/home/u/.bicep/br/mcr.microsoft.com/bicep$avm$res$x$y/1.0.0$/main.json") == true)
        let notRead = compile(files, cacheRoot: nil)
        #expect(notRead.diagnostics.map(\.code) == [.moduleNotRestored], "no cache root, no cache read")
    }

    @Test("cacheRootDirectory in the nearest bicepconfig.json moves the cache (relative to the configuration's folder)")
    func configuredRoot() throws {
        let module = "module a 'br/public:avm/res/x/y:1.0.0' = {\n  name: 'a'\n}\n"
        let cached = "br/mcr.microsoft.com/bicep$avm$res$x$y/1.0.0$/main.json"
        let absolute = compile([
            "/p/main.bicep": module, "/p/bicepconfig.json": #"{"cacheRootDirectory": "/ci/cache"}"#,
            "/ci/cache/" + cached: Self.published("configured"), "/home/u/.bicep/" + cached: Self.published("home"),
        ])
        #expect(string(absolute.template, "resources", 0, "properties", "template", "outputs", "x", "value") == "configured")
        let relative = compile([
            "/p/main.bicep": module, "/bicepconfig.json": #"{"cacheRootDirectory": "tools/.bicep"}"#,
            "/tools/.bicep/" + cached: Self.published("relative"),
        ])
        #expect(string(relative.template, "resources", 0, "properties", "template", "outputs", "x", "value") == "relative")
    }

    @Test("a reference climbing with '..' never reads outside the cache's br folder")
    func confined() throws {
        let compilation = compile([
            "/p/main.bicep": "module a 'br:../secret:1' = {\n  name: 'a'\n}\n",
            "/home/u/.bicep/secret/1$/main.json": Self.published("escaped"),
        ])
        #expect(compilation.diagnostics.map(\.code) == [.moduleNotRestored])
    }
}
