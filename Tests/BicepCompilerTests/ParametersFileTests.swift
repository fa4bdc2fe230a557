import BicepCompiler
import SourceModel
import Testing

@Suite(".bicepparam files")
struct ParametersFileTests {
    func compileParameters(_ files: [String: String]) -> BicepParametersCompilation {
        BicepCompiler.compileParameters(file: "/p/main.bicepparam", options: BicepCompileOptions(reader: .inMemory(files)))
    }

    @Test("literals, objects, arrays, variables and interpolation fold to values; using resolves its template")
    func values() throws {
        let compilation = compileParameters([
            "/p/main.bicepparam": """
            using './main.bicep'
            var prefix = 'app'
            param name = '${prefix}-${3}'
            param settings = {
              tags: ['a', prefix]
              on: true
              count: -2
            }
            """,
            "/p/main.bicep": "param name string\nparam settings object\n",
        ])
        let parameters = try #require(compilation.parameters, "\(compilation.diagnostics)")
        #expect(compilation.templatePath == "/p/main.bicep")
        #expect(string(parameters, "$schema") == "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#")
        #expect(string(parameters, "parameters", "name", "value") == "app-3")
        #expect(strings(parameters, "parameters", "settings", "value", "tags") == ["a", "app"])
        #expect(value(parameters, ["parameters", "settings", "value", "count"])?.kind == .integer(-2))
    }

    @Test("getSecret becomes a Key Vault reference whose value stays unknown")
    func secret() throws {
        let compilation = compileParameters([
            "/p/main.bicepparam": "using 'main.bicep'\nparam pw = az.getSecret('sub', 'rg', 'kv', 'pw')\n",
            "/p/main.bicep": "@secure()\nparam pw string\n",
        ])
        let parameters = try #require(compilation.parameters, "\(compilation.diagnostics)")
        #expect(
            string(parameters, "parameters", "pw", "reference", "keyVault", "id")
                == "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv")
        #expect(string(parameters, "parameters", "pw", "reference", "secretName") == "pw")
        #expect(keys(parameters, "parameters", "pw") == ["reference"])
    }

    @Test("a missing using template and unknown variables are located errors; other functions are unsupported")
    func errors() throws {
        let missing = compileParameters(["/p/main.bicepparam": "using 'nope.bicep'\nparam a = b\n"])
        #expect(missing.parameters == nil)
        #expect(missing.diagnostics.map(\.code) == [.moduleNotFound, .unknownSymbol])
        #expect(missing.diagnostics.last?.location.description == "/p/main.bicepparam:2:11")
        let cycle = compileParameters(["/p/main.bicepparam": "using none\nvar a = b\nvar b = a\nparam p = a\n"])
        #expect(cycle.diagnostics.map(\.code) == [.invalidBicep])
        let function = compileParameters(["/p/main.bicepparam": "using none\nparam p = toUpper('a')\n"])
        #expect(function.diagnostics.map(\.code) == [.unsupportedBicep])
    }
}
