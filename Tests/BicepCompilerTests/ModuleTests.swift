import BicepCompiler
import SourceModel
import Testing

/// Compiles `/p/main.bicep` from in-memory files.
func compileModules(_ files: [String: String], registryRoot: String? = nil, depth: Int = 32) -> BicepCompilation {
    let options = BicepCompileOptions(reader: .inMemory(files), registryRoot: registryRoot, maximumModuleDepth: depth)
    return BicepCompiler.compile(file: "/p/main.bicep", options: options)
}

@Suite("Modules")
struct ModuleTests {
    static let child = "param n string\noutput id string = n\n"

    @Test("a local module becomes a nested deployment with inner scope, Incremental mode and wrapped parameters")
    func localModule() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "module m './mods/child.bicep' = {\n  name: 'dep'\n  params: {\n    n: 'x'\n  }\n}\noutput o string = m.outputs.id\n",
            "/p/mods/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 0, "type") == "Microsoft.Resources/deployments")
        #expect(string(template, "resources", 0, "apiVersion") == "2025-04-01")
        #expect(string(template, "resources", 0, "name") == "dep")
        #expect(keys(template, "resources", 0, "properties") == ["expressionEvaluationOptions", "mode", "parameters", "template"])
        #expect(string(template, "resources", 0, "properties", "expressionEvaluationOptions", "scope") == "inner")
        #expect(string(template, "resources", 0, "properties", "mode") == "Incremental")
        #expect(string(template, "resources", 0, "properties", "parameters", "n", "value") == "x")
        #expect(keys(template, "resources", 0, "properties", "template", "outputs") == ["id"])
        #expect(
            string(template, "outputs", "o", "value")
                == "[reference(resourceId('Microsoft.Resources/deployments', 'dep'), '2025-04-01').outputs.id.value]")
    }

    @Test("modules come after resources and depend on what their parameters use; a module loop is a copy")
    func loopsAndDependencies() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            resource s 'A.B/c@1' = {
              name: 's'
            }
            module a 'child.bicep' = [for i in range(0, 2): if (i > 0) {
              name: 'a${i}'
              params: {
                n: s.id
              }
            }]
            module b 'child.bicep' = {
              name: 'b'
              params: {
                n: a[0].outputs.id
              }
              dependsOn: [
                s
              ]
            }
            """,
            "/p/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 0, "type") == "A.B/c")
        #expect(string(template, "resources", 1, "copy", "name") == "a")
        #expect(string(template, "resources", 1, "copy", "count") == "[length(range(0, 2))]")
        #expect(string(template, "resources", 1, "condition") == "[greater(range(0, 2)[copyIndex()], 0)]")
        #expect(strings(template, "resources", 1, "dependsOn") == ["[resourceId('A.B/c', 's')]"])
        #expect(
            strings(template, "resources", 2, "dependsOn") == [
                "[resourceId('Microsoft.Resources/deployments', format('a{0}', range(0, 2)[0]))]", "[resourceId('A.B/c', 's')]",
            ])
    }

    @Test("two references a[i] in two places are two dependsOn entries, as the compiler writes them")
    func repeatedIndexedDependency() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            module a 'child.bicep' = [for i in range(0, 2): {
              name: 'a${i}'
              params: {
                n: 'x'
              }
            }]
            resource r 'A.B/c@1' = [for i in range(0, 2): {
              name: 'r${i}'
              properties: {
                x: a[i].outputs.id
                y: a[i].outputs.id
              }
            }]
            """,
            "/p/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        let id = "[resourceId('Microsoft.Resources/deployments', format('a{0}', range(0, 2)[range(0, 2)[copyIndex()]]))]"
        #expect(strings(template, "resources", 0, "dependsOn") == [id, id])
    }

    @Test("getSecret in a module parameter becomes a Key Vault reference")
    func keyVaultSecret() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            resource kv 'Microsoft.KeyVault/vaults@2019-09-01' existing = {
              name: 'kv'
            }
            module m 'child.bicep' = {
              name: 'm'
              params: {
                n: kv.getSecret('s')
              }
            }
            """,
            "/p/child.bicep": "@secure()\nparam n string\n",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        let reference = value(template, ["resources", 0, "properties", "parameters", "n", "reference"])
        #expect(string(reference, "keyVault", "id") == "[resourceId('Microsoft.KeyVault/vaults', 'kv')]")
        #expect(string(reference, "secretName") == "s")
        #expect(keys(reference) == ["keyVault", "secretName"])
    }

    @Test("variables reading module outputs are inlined; a module's name is not runtime state")
    func inlinedOutputs() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            module m 'child.bicep' = {
              name: 'dep'
              params: {
                n: 'x'
              }
            }
            var out = m.outputs.id
            var depName = m.name
            output o string = out
            output whole object = m
            """,
            "/p/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(keys(template, "variables") == ["depName"])
        #expect(string(template, "variables", "depName") == "dep")
        #expect(
            string(template, "outputs", "o", "value")
                == "[reference(resourceId('Microsoft.Resources/deployments', 'dep'), '2025-04-01').outputs.id.value]")
        #expect(
            string(template, "outputs", "whole", "value")
                == "[reference(resourceId('Microsoft.Resources/deployments', 'dep'), '2025-04-01')]")
    }

    @Test("@batchSize makes a module loop serial, @description is written last, if (...) is the condition")
    func decorators() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            param deploy bool
            @batchSize(2)
            @description('several')
            module a 'child.bicep' = [for i in range(0, 4): {
              name: 'a${i}'
              params: {
                n: 'x'
              }
            }]
            module b 'child.bicep' = if (deploy) {
              name: 'b'
              params: {
                n: 'y'
              }
            }
            """,
            "/p/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(keys(template, "resources", 0, "copy") == ["name", "count", "mode", "batchSize"])
        #expect(string(template, "resources", 0, "copy", "mode") == "serial")
        #expect(keys(template, "resources", 0).last == "metadata")
        #expect(string(template, "resources", 0, "metadata", "description") == "several")
        #expect(keys(template, "resources", 1).first == "condition")
        #expect(string(template, "resources", 1, "condition") == "[parameters('deploy')]")
    }

    @Test("a module deployed to another scope gets its scope properties and a location")
    func scopes() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "targetScope = 'subscription'\nmodule m 'child.bicep' = {\n  name: 'm'\n  scope: resourceGroup('rg')\n  params: {\n    n: 'x'\n  }\n}\nmodule t 'child.bicep' = {\n  name: 't'\n  scope: tenant()\n  params: {\n    n: 'x'\n  }\n}\n",
            "/p/child.bicep": Self.child,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 0, "resourceGroup") == "rg")
        #expect(string(template, "resources", 0, "location") == nil)
        #expect(string(template, "resources", 1, "scope") == "/")
        #expect(string(template, "resources", 1, "location") == "[deployment().location]")
    }

    @Test("a local ARM JSON module is inlined verbatim")
    func jsonModule() throws {
        let compilation = compileModules([
            "/p/main.bicep": "module m '../shared/t.json' = {\n  name: 'm'\n}\n",
            "/shared/t.json": #"{"$schema": "s", "contentVersion": "1.0.0.0", "resources": [], "variables": {"v": 2.0}}"#,
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(keys(template, "resources", 0, "properties", "template") == ["$schema", "contentVersion", "resources", "variables"])
        #expect(value(template, ["resources", 0, "properties", "template", "variables", "v"])?.kind == .integer(2))
    }

    @Test("a missing module file is an error at the module path")
    func missingFile() throws {
        let compilation = compileModules(["/p/main.bicep": "var x = 1\nmodule m 'nope.bicep' = {\n  name: 'm'\n}\n"])
        #expect(compilation.template == nil)
        let diagnostic = try #require(compilation.diagnostics.first)
        #expect(diagnostic.code == .moduleNotFound)
        #expect(diagnostic.location.description == "/p/main.bicep:2:10")
    }

    @Test("a cycle of modules is an error, not a stack overflow; so is nesting beyond the limit")
    func cycles() throws {
        let compilation = compileModules([
            "/p/main.bicep": "module m 'a.bicep' = {\n  name: 'm'\n}\n",
            "/p/a.bicep": "module b 'b.bicep' = {\n  name: 'b'\n}\n",
            "/p/b.bicep": "module a './a.bicep' = {\n  name: 'a'\n}\n",
        ])
        #expect(compilation.template == nil)
        let diagnostic = try #require(compilation.diagnostics.first)
        #expect(diagnostic.code == .moduleCycle)
        #expect(diagnostic.location.description == "/p/b.bicep:1:10")
        #expect(diagnostic.message.contains("/p/a.bicep -> /p/b.bicep -> /p/a.bicep"))
        var chain: [String: String] = ["/p/main.bicep": "module m 'c0.bicep' = {\n  name: 'm'\n}\n"]
        for level in 0..<50 { chain["/p/c\(level).bicep"] = "module m 'c\(level + 1).bicep' = {\n  name: 'm'\n}\n" }
        chain["/p/c50.bicep"] = ""
        let deep = compileModules(chain, depth: 10)
        #expect(deep.diagnostics.map(\.code) == [.moduleCycle])
        #expect(compileModules(chain, depth: 60).template != nil)
    }

    @Test("modules that each deploy the next twice stop at the module budget, not after 2^n compilations")
    func exponentialFanOut() {
        var files: [String: String] = [:]
        files["/p/main.bicep"] = "module a 'f0.bicep' = {\n  name: 'a'\n}\nmodule b 'f0.bicep' = {\n  name: 'b'\n}\n"
        for level in 0..<40 {
            files["/p/f\(level).bicep"] =
                "module a 'f\(level + 1).bicep' = {\n  name: 'a'\n}\nmodule b 'f\(level + 1).bicep' = {\n  name: 'b'\n}\n"
        }
        files["/p/f40.bicep"] = ""
        let options = BicepCompileOptions(reader: .inMemory(files), maximumModuleDepth: 64, maximumModuleCount: 500)
        let compilation = BicepCompiler.compile(file: "/p/main.bicep", options: options)
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.contains { $0.code == .moduleCycle && $0.message.contains("at most 500") })
    }

    @Test("errors inside a child module are reported in the child file")
    func childErrors() throws {
        let compilation = compileModules([
            "/p/main.bicep": "module m 'c.bicep' = {\n  name: 'm'\n}\n",
            "/p/c.bicep": "output o string = missing\n",
        ])
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.first?.location.file == "/p/c.bicep")
        #expect(compilation.diagnostics.first?.code == .unknownSymbol)
    }
}

@Suite("Module scopes")
struct ModuleScopeTests {
    @Test("a module scoped to a resource group declared in the file deploys to that group by name")
    func declaredResourceGroup() throws {
        let compilation = compileModules([
            "/p/main.bicep":
                "targetScope = 'subscription'\nresource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {\n  name: 'rg1'\n  location: 'x'\n}\nmodule m 'c.bicep' = {\n  name: 'm'\n  scope: rg\n}\n",
            "/p/c.bicep": "",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 1, "resourceGroup") == "rg1")
        #expect(keys(template, "resources", 1).contains("location") == false)
        #expect(strings(template, "resources", 1, "dependsOn") == ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg1')]"])
    }

    @Test("a module loop scoped to a looped resource group deploys to the group at that index")
    func loopedResourceGroup() throws {
        let compilation = compileModules([
            "/p/main.bicep": """
            targetScope = 'subscription'
            var names = ['a', 'b']
            resource rgs 'Microsoft.Resources/resourceGroups@2021-04-01' = [for n in names: {
              name: 'rg-${n}'
              location: 'x'
            }]
            module m 'c.bicep' = [for (n, i) in names: {
              name: 'm${i}'
              scope: rgs[i]
            }]
            """,
            "/p/c.bicep": "",
        ])
        let template = try #require(compilation.template, "\(compilation.diagnostics)")
        #expect(string(template, "resources", 1, "resourceGroup") == "[format('rg-{0}', variables('names')[copyIndex()])]")
        #expect(
            strings(template, "resources", 1, "dependsOn") == [
                "[subscriptionResourceId('Microsoft.Resources/resourceGroups', format('rg-{0}', variables('names')[copyIndex()]))]"
            ])
    }
}
