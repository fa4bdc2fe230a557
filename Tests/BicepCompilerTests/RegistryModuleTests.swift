import BicepCompiler
import SourceModel
import Testing

@Suite("Registry modules")
struct RegistryModuleTests {
    static let published =
        #"{"$schema": "s", "contentVersion": "1.0.0.0", "resources": [], "outputs": {"x": {"type": "string", "value": "v"}}}"#

    @Test("br/public: and br: references read <root>/<registry>/<path>/<tag>/main.json verbatim")
    func restored() throws {
        let compilation = compileModules(
            [
                "/p/main.bicep":
                    "module a 'br/public:avm/res/x:1.0.0' = {\n  name: 'a'\n}\nmodule b 'br:example.io/mods/y:2' = {\n  name: 'b'\n}\n",
                "/reg/mcr.microsoft.com/bicep/avm/res/x/1.0.0/main.json": Self.published,
                "/reg/example.io/mods/y/2/main.json": Self.published,
            ], registryRoot: "/reg")
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(compilation.diagnostics.isEmpty)
        #expect(string(template, "resources", 0, "properties", "template", "outputs", "x", "value") == "v")
        #expect(string(template, "resources", 1, "properties", "template", "$schema") == "s")
    }

    @Test("a reference climbing with '..' never reads outside the registry folder: it is not restored")
    func confinedToRoot() throws {
        let compilation = compileModules(
            [
                "/p/main.bicep": "module a 'br:x.io/../../../secret/m:1' = {\n  name: 'a'\n}\n",
                "/secret/m/1/main.json": Self.published,
            ], registryRoot: "/reg/store")
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(compilation.diagnostics.map(\.code) == [.moduleNotRestored])
        #expect(string(template, "resources", 0, "properties", "templateLink", "uri") == "br:x.io/../../../secret/m:1")
    }

    @Test("aliases come from the nearest bicepconfig.json")
    func aliases() throws {
        let compilation = compileModules(
            [
                "/p/main.bicep": "module a 'br/corp:net/vnet:3' = {\n  name: 'a'\n}\n",
                "/bicepconfig.json":
                    #"{"moduleAliases": {"br": {"corp": {"registry": "corp.azurecr.io", "modulePath": "bicep/modules"}}}}"#,
                "/reg/corp.azurecr.io/bicep/modules/net/vnet/3/main.json": Self.published,
            ], registryRoot: "/reg")
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 0, "properties", "template", "$schema") == "s")
    }

    @Test("an unrestored registry module or template spec is a warning and a deployment with a templateLink")
    func notRestored() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "module a 'br/public:avm/res/x:1.0.0' = {\n  name: 'a'\n}\nmodule b 'ts:sub/rg/spec:1' = {\n  name: 'b'\n}\noutput o string = a.outputs.x\n"
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(compilation.diagnostics.map(\.code) == [.moduleNotRestored, .moduleNotRestored])
        #expect(compilation.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(compilation.diagnostics.first?.message.contains("br/public:avm/res/x:1.0.0") == true)
        #expect(compilation.diagnostics.first?.location.description == "/p/main.bicep:1:10")
        #expect(string(template, "resources", 0, "properties", "templateLink", "uri") == "br/public:avm/res/x:1.0.0")
        #expect(string(template, "resources", 1, "properties", "templateLink", "uri") == "ts:sub/rg/spec:1")
        #expect(keys(template, "resources", 0, "properties").contains("template") == false)
    }
}
