import BicepCompiler
import SourceModel
import Testing

@Suite(".bicepparam files")
struct ParametersFileTests {
    func compileParameters(_ files: [String: String], environment: [String: String] = [:]) -> BicepParametersCompilation {
        BicepCompiler.compileParameters(
            file: "/p/main.bicepparam", options: BicepCompileOptions(reader: .inMemory(files), environment: { environment[$0] }))
    }

    @Test("values become outputs of an evaluation template, variables its variables, lowered as in a .bicep file")
    func evaluationTemplate() throws {
        let compilation = compileParameters([
            "/p/main.bicepparam": """
            using './main.bicep'
            var prefix = 'app'
            param name = '${prefix}-${length(prefix)}'
            param settings = {
              tags: map(['a'], t => toUpper(t))
              count: -2
            }
            """
        ])
        let template = try #require(compilation.evaluationTemplate, "\(compilation.diagnostics)")
        #expect(compilation.templatePath == "/p/main.bicep")
        #expect(compilation.assignments.map(\.name) == ["name", "settings"])
        #expect(compilation.assignments[0].nameRange.start == SourcePosition(line: 3, column: 7))
        #expect(string(template, "variables", "prefix") == "app")
        #expect(string(template, "outputs", "name", "value") == "[variables('name')]")
        #expect(string(template, "variables", "name") == "[format('{0}-{1}', variables('prefix'), length(variables('prefix')))]")
        #expect(string(template, "variables", "settings", "tags") == "[map(createArray('a'), lambda('t', toUpper(lambdaVariables('t'))))]")
        #expect(value(template, ["variables", "settings", "count"])?.kind == .integer(-2))
        #expect(keys(template, "resources").isEmpty)
    }

    @Test("getSecret is a Key Vault reference: its output is the array of its arguments")
    func secret() throws {
        let compilation = compileParameters([
            "/p/main.bicepparam": "using 'main.bicep'\nparam pw = az.getSecret('sub', 'rg', 'kv', 'pw')\n"
        ])
        let template = try #require(compilation.evaluationTemplate, "\(compilation.diagnostics)")
        #expect(compilation.assignments.map(\.isKeyVaultReference) == [true])
        #expect(strings(template, "outputs", "pw", "value") == ["sub", "rg", "kv", "pw"])
        let nested = compileParameters(["/p/main.bicepparam": "using none\nparam pw = '${getSecret('s', 'r', 'k', 'n')}'\n"])
        #expect(nested.diagnostics.map(\.code) == [.invalidBicep])
    }

    @Test("readEnvironmentVariable reads the injected environment, falls back to its default, and names an unset variable")
    func environmentVariables() throws {
        let source = "using none\nparam a = readEnvironmentVariable('A')\nparam b = int(readEnvironmentVariable('B', '12'))\n"
        let set = compileParameters(["/p/main.bicepparam": source], environment: ["A": "alpha"])
        let template = try #require(set.evaluationTemplate, "\(set.diagnostics)")
        #expect(string(template, "variables", "a") == "alpha")
        #expect(string(template, "variables", "b") == "[int('12')]")
        let unset = compileParameters(["/p/main.bicepparam": source])
        #expect(unset.evaluationTemplate == nil)
        let problem = try #require(unset.diagnostics.first)
        #expect(problem.code == .unsetEnvironmentVariable)
        #expect(problem.location.description == "/p/main.bicepparam:2:11")
        #expect(problem.message.contains("'A'"))
    }

    @Test("what only a deployment knows is named; a missing import, extends and duplicates are located errors")
    func errors() throws {
        let deployment = compileParameters(["/p/main.bicepparam": "using none\nparam p = resourceGroup().location\n"])
        #expect(deployment.diagnostics.map(\.code) == [.notCompileTime])
        #expect(deployment.diagnostics.first?.message.contains("resourceGroup") == true)
        #expect(deployment.diagnostics.first?.location.description == "/p/main.bicepparam:2:11")
        let imported = compileParameters(["/p/main.bicepparam": "using none\nimport { a } from 'x.bicep'\nparam p = 1\n"])
        #expect(imported.diagnostics.map(\.code) == [.importNotFound])
        #expect(imported.diagnostics.first?.location.description == "/p/main.bicepparam:2:19")
        let extends = compileParameters(["/p/main.bicepparam": "using none\nextends 'base.bicepparam'\n"])
        #expect(extends.diagnostics.map(\.code) == [.unsupportedBicep], "compiled alone, without its base file's values")
        let twice = compileParameters(["/p/main.bicepparam": "using none\nparam p = 1\nparam p = 2\n"])
        #expect(twice.diagnostics.map(\.code) == [.duplicateSymbol])
        #expect(twice.diagnostics.first?.location.description == "/p/main.bicepparam:3:7")
        let unknown = compileParameters(["/p/main.bicepparam": "using none\nparam a = b\n"])
        #expect(unknown.diagnostics.map(\.code) == [.unknownSymbol])
        #expect(unknown.diagnostics.last?.location.description == "/p/main.bicepparam:2:11")
    }
}
