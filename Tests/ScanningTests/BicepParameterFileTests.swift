import BicepCompiler
import BicepFrontEnd
import Foundation
import LocatedJSON
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// `.bicepparam` files: their values computed as the Bicep compiler computes them and applied to their `using`
/// template in `scan`, `expand` and `build`; bad parameter files reported at their lines.
@Suite(".bicepparam files")
struct BicepParameterFileTests {
    static let catalog = RuleCatalog.builtIn()

    /// An OpenAI account whose local authentication the parameters decide (BW-AI-001 fails when it stays on).
    static let template = """
        param localAuthOff bool
        param name string = 'acct'
        resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
          name: name
          kind: 'OpenAI'
          properties: {
            disableLocalAuth: localAuthOff
          }
        }

        """

    func scan(_ paths: [String], frontEnd: BicepFrontEnd = BicepFrontEnd()) async -> ScanResult {
        await Scanner(frontEnds: [frontEnd]).scan(ScanRequest(paths: paths, catalog: Self.catalog))
    }

    func localAuth(_ result: ScanResult) -> [Finding] {
        result.findings.filter { $0.ruleID == "BW-AI-001" }
    }

    @Test("a template is judged once per .bicepparam file with its values, and not once more with its defaults")
    func scanPerParameterFile() async throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("main.bicep", Self.template)
        let prod = try folder.write(
            "prod.bicepparam", "using './main.bicep'\nvar on = true\nparam localAuthOff = !on\nparam name = 'prod-${toUpper('x')}'\n")
        let dev = try folder.write("dev.bicepparam", "using 'main.bicep'\n\nparam localAuthOff = true\n")
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(Set(result.files) == [prod, dev], "one unit per parameter file, none with defaults")
        let failed = localAuth(result).filter { $0.status == .fail }
        let finding = try #require(failed.first, "\(result.findings)")
        #expect(failed.count == 1)
        #expect(finding.resource.name == "prod-X")
        #expect(finding.resource.source.file == main)
        #expect(
            finding.location.file == main && finding.location.line == 7, "at the property, as with ARM parameter files: \(finding.location)"
        )
        #expect(localAuth(result).contains { $0.status == .pass && $0.resource.name == "acct" })
        #expect(!result.problems.contains { $0.code == .bicepParametersNotApplied })
    }

    @Test("expand applies a .bicepparam given as the file or with --parameters; --parameters wins")
    func expand() throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("main.bicep", Self.template)
        let prod = try folder.write("prod.bicepparam", "using './main.bicep'\nparam localAuthOff = false\nparam name = 'prod'\n")
        let other = try folder.write("other.bicepparam", "using './main.bicep'\nparam localAuthOff = true\nparam name = 'other'\n")
        let frontEnd = BicepFrontEnd()
        let direct = frontEnd.expand(prod, parameters: nil)
        #expect(direct.problems.isEmpty, "\(direct.problems)")
        #expect(direct.resources.map(\.name) == ["prod"])
        #expect(direct.resources.first?.properties?[member: "disableLocalAuth"]?.kind == .bool(false))
        let named = frontEnd.expand(main, parameters: other)
        #expect(named.problems.isEmpty, "\(named.problems)")
        #expect(named.resources.map(\.name) == ["other"])
        #expect(frontEnd.expand(prod, parameters: other).resources.map(\.name) == ["other"])
    }

    @Test("scan --parameters p.bicepparam applies to the named template only; with none named it warns")
    func explicitParameters() async throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("main.bicep", Self.template)
        try folder.write("prod.bicepparam", "using 'main.bicep'\nparam localAuthOff = false\nparam name = 'prod'\n")
        let other = try folder.write("other/x.bicepparam", "using '../main.bicep'\nparam localAuthOff = true\nparam name = 'x'\n")
        let named = await scan([main], frontEnd: BicepFrontEnd(parameterFile: other))
        #expect(named.errors.isEmpty, "\(named.errors)")
        #expect(named.files == [main])
        #expect(named.resources.map(\.name) == ["x"])
        let walked = await scan([folder.path], frontEnd: BicepFrontEnd(parameterFile: other))
        #expect(walked.problems.contains { $0.code.rawValue == "invalid-parameter-file" && $0.severity == .warning })
        #expect(Set(walked.resources.map(\.name)) == ["prod", "x"], "each .bicepparam file found deploys main.bicep with its values")
    }

    @Test("build prints the deployment parameters JSON the compiler writes, getSecret as a Key Vault reference")
    func build() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param items array\n@secure()\nparam pw string\nparam n int = 1\n")
        let parameters = try folder.write(
            "p.bicepparam",
            "using 'main.bicep'\nparam items = filter(range(1, 3), i => i > 1)\nparam pw = getSecret('sub', 'rg', 'kv', 'pw')\n")
        let built = BicepFrontEnd().build(parameters)
        #expect(built.problems.isEmpty, "\(built.problems)")
        #expect(
            built.json == """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                  "contentVersion": "1.0.0.0",
                  "parameters": {
                    "items": {
                      "value": [
                        2,
                        3
                      ]
                    },
                    "pw": {
                      "reference": {
                        "keyVault": {
                          "id": "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
                        },
                        "secretName": "pw"
                      }
                    }
                  }
                }

                """)
    }

    @Test("readEnvironmentVariable reads the environment the front end is given, and names a variable that is unset")
    func environment() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param region string\n")
        let parameters = try folder.write(
            "p.bicepparam", "using 'main.bicep'\nparam region = readEnvironmentVariable('BULWARK_TEST_REGION')\n")
        let set = BicepFrontEnd(settings: BicepSettings(environment: ["BULWARK_TEST_REGION": "westeurope"])).build(parameters)
        #expect(set.json?.contains("\"value\": \"westeurope\"") == true, "\(set.problems)")
        let unset = BicepFrontEnd(settings: BicepSettings(environment: [:])).build(parameters)
        #expect(unset.json == nil)
        let problem = try #require(unset.problems.first)
        #expect(problem.code == .unsetEnvironmentVariable)
        #expect(problem.location == SourceLocation(file: parameters, line: 2, column: 16))
        #expect(problem.message.contains("BULWARK_TEST_REGION"))
    }

    @Test("bad parameter files are errors at their lines, exit 2, and the other files are still judged")
    func badInput() async throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", Self.template)
        let undeclared = try folder.write("a.bicepparam", "using 'main.bicep'\nparam localAuthOff = true\nparam nmae = 'typo'\n")
        let wrongType = try folder.write("b.bicepparam", "using 'main.bicep'\nparam localAuthOff = 'yes'\n")
        let deployTime = try folder.write(
            "c.bicepparam", "using 'main.bicep'\nparam localAuthOff = true\nparam name = resourceGroup().name\n")
        let missing = try folder.write("d.bicepparam", "// none\nusing 'main.bicep'\nparam name = 'x'\n")
        let imports = try folder.write("e.bicepparam", "using 'main.bicep'\nimport { x } from 'shared.bicep'\nparam localAuthOff = true\n")
        let nowhere = try folder.write("f.bicepparam", "using './missing.bicep'\n")
        let good = try folder.write("g.bicepparam", "using 'main.bicep'\nparam localAuthOff = false\n")
        let result = await scan([folder.path])
        func error(in file: String) -> Diagnostic? { result.errors.first { $0.location.file == file } }
        #expect(error(in: undeclared)?.code == .undeclaredParameter)
        #expect(error(in: undeclared)?.location == SourceLocation(file: undeclared, line: 3, column: 7))
        #expect(error(in: undeclared)?.message.contains("'nmae'") == true)
        #expect(error(in: wrongType)?.code == .parameterTypeMismatch)
        #expect(error(in: wrongType)?.location == SourceLocation(file: wrongType, line: 2, column: 22))
        #expect(error(in: wrongType)?.message.contains("bool") == true)
        #expect(error(in: deployTime)?.code == .notCompileTime)
        #expect(error(in: deployTime)?.message.contains("resourceGroup") == true)
        #expect(error(in: missing)?.code == .missingParameter)
        #expect(error(in: missing)?.location == SourceLocation(file: missing, line: 2, column: 1))
        #expect(error(in: imports)?.code == .importNotFound)
        #expect(error(in: imports)?.location == SourceLocation(file: imports, line: 2, column: 19))
        #expect(error(in: nowhere)?.code == .invalidUsing)
        #expect(result.files == [good], "only the good parameter file is judged")
        #expect(localAuth(result).contains { $0.status == .fail })
        #expect(result.exitCode(failOn: .low) == 2)
    }

    @Test("a value the template's @allowed does not list is an error at the value; a listed one is applied")
    func allowedValues() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "@allowed([\n  'S0'\n  'S1'\n])\nparam sku string\n@allowed([1, 2])\nparam sizes array = []\n")
        let bad = try folder.write("bad.bicepparam", "using 'main.bicep'\nparam sku = 'S0'\nparam sizes = [1, 3]\n")
        let good = try folder.write("good.bicepparam", "using 'main.bicep'\nparam sku = 'S1'\nparam sizes = [2]\n")
        let refused = BicepFrontEnd().build(bad)
        #expect(refused.json == nil)
        #expect(refused.problems.map(\.code) == [.parameterTypeMismatch])
        #expect(refused.problems.first?.location == SourceLocation(file: bad, line: 3, column: 15))
        #expect(refused.problems.first?.message.contains("found 3") == true)
        let built = BicepFrontEnd().build(good)
        #expect(built.problems.isEmpty, "\(built.problems)")
    }

    @Test(
        "imports (named, aliased, wildcard) of variables, functions and types, declared types and typed variables are compiled as in a .bicep file"
    )
    func importsTypesAndFunctions() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param doubled int\nparam label string\nparam shared int\n")
        try folder.write(
            "lib.bicep",
            "@export()\nvar base = 21\n@export()\nfunc double(x int) int => x * 2\n@export()\ntype Settings = {\n  size: int\n}\n")
        let parameters = try folder.write(
            "p.bicepparam",
            """
            using 'main.bicep'
            import { base as start, double, Settings } from 'lib.bicep'
            import * as lib from 'lib.bicep'
            type Named = { name: string }
            var named Named = { name: 'ab' }
            var settings Settings = { size: start }
            param doubled = double(settings.size)
            param label = toUpper(named.name)
            param shared = lib.base

            """)
        let built = BicepFrontEnd().build(parameters)
        #expect(built.problems.isEmpty, "\(built.problems)")
        let json = try JSONReader().read(try #require(built.json))
        #expect(json[member: "parameters"]?[member: "doubled"]?[member: "value"]?.kind == .integer(42))
        #expect(json[member: "parameters"]?[member: "label"]?[member: "value"]?.kind == .string("AB"))
        #expect(json[member: "parameters"]?[member: "shared"]?[member: "value"]?.kind == .integer(21))
    }

    @Test("an import of a name the file does not export, or from a missing file, is an error at the import")
    func badImports() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param a int\n")
        try folder.write("lib.bicep", "var hidden = 1\n")
        let notExported = try folder.write("x.bicepparam", "using 'main.bicep'\nimport { hidden } from 'lib.bicep'\nparam a = hidden\n")
        let missing = try folder.write("y.bicepparam", "using 'main.bicep'\nimport { b } from 'nowhere.bicep'\nparam a = b\n")
        let refused = BicepFrontEnd().build(notExported)
        #expect(refused.json == nil)
        #expect(refused.problems.contains { $0.code == .importNotExported && $0.location.file == notExported && $0.location.line == 2 })
        let absent = BicepFrontEnd().build(missing)
        #expect(absent.json == nil)
        #expect(absent.problems.contains { $0.code == .importNotFound && $0.location.file == missing && $0.location.line == 2 })
    }

    @Test("extends: the base file's assignments are inherited, the file's own override them, and base.name reads them")
    func extendsBase() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param prefix string\nparam location string\nparam tags object\nparam size int = 1\n")
        try folder.write(
            "root.bicepparam",
            "using none\nvar owner = 'platform'\nparam location = 'westus'\nparam tags = {\n  owner: owner\n  env: '[dev]'\n}\n")
        try folder.write("base.bicepparam", "using none\nextends 'root.bicepparam'\nparam prefix = 'Prod'\nparam size = 2\n")
        let derived = try folder.write(
            "derived.bicepparam",
            "using 'main.bicep'\nextends 'base.bicepparam'\nparam prefix = 'Dev'\nparam tags = {\n  ...base.tags\n  env: 'prod'\n  from: base.prefix\n}\n"
        )
        let built = BicepFrontEnd().build(derived)
        #expect(built.problems.isEmpty, "\(built.problems)")
        let json = try #require(built.json)
        let parameters = try #require(try JSONReader().read(json)[member: "parameters"])
        func value(_ name: String) -> JSONValue? { parameters[member: name]?[member: "value"] }
        #expect(value("prefix")?.kind == .string("Dev"))
        #expect(value("location")?.kind == .string("westus"))
        #expect(value("size")?.kind == .integer(2))
        #expect(value("tags")?[member: "owner"]?.kind == .string("platform"))
        #expect(value("tags")?[member: "env"]?.kind == .string("prod"))
        #expect(value("tags")?[member: "from"]?.kind == .string("Prod"), "base.prefix is the base file's value, not the override")
        #expect(parameters.members?.map(\.key) == ["location", "tags", "prefix", "size"])
    }

    @Test("extends: a missing base, a cycle, and a base value the template does not declare are errors at their lines")
    func badExtends() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", "param a int\n")
        let missing = try folder.write("m.bicepparam", "using 'main.bicep'\nextends 'nowhere.bicepparam'\nparam a = 1\n")
        let first = try folder.write("x.bicepparam", "using 'main.bicep'\nextends 'y.bicepparam'\nparam a = 1\n")
        try folder.write("y.bicepparam", "using none\nextends 'x.bicepparam'\n")
        let base = try folder.write("b.bicepparam", "using none\nparam a = 1\nparam typo = 2\n")
        let derived = try folder.write("d.bicepparam", "using 'main.bicep'\nextends 'b.bicepparam'\n")
        let absent = BicepFrontEnd().build(missing)
        #expect(absent.json == nil)
        #expect(absent.problems.map(\.code) == [.invalidExtends])
        #expect(absent.problems.first?.location == SourceLocation(file: missing, line: 2, column: 1))
        let cycle = BicepFrontEnd().build(first)
        #expect(cycle.json == nil)
        #expect(cycle.problems.contains { $0.code == .invalidExtends && $0.message.contains("cycle") })
        let undeclared = BicepFrontEnd().build(derived)
        #expect(undeclared.json == nil)
        #expect(undeclared.problems.map(\.code) == [.undeclaredParameter])
        #expect(undeclared.problems.first?.location == SourceLocation(file: base, line: 3, column: 7), "at the base file's line")
    }

    @Test("externalInput: build writes the expression that reads it and its definition; scan judges the value as unknown")
    func externalInput() async throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", Self.template)
        let parameters = try folder.write(
            "p.bicepparam", "using 'main.bicep'\nparam localAuthOff = externalInput('sys.cli', 'flag')\nparam name = 'acct'\n")
        let built = BicepFrontEnd().build(parameters)
        #expect(built.problems.isEmpty, "\(built.problems)")
        let json = try JSONReader().read(try #require(built.json))
        #expect(json[member: "parameters"]?[member: "localAuthOff"]?[member: "value"]?.stringValue == "[externalInputs('sys.cli_0')]")
        #expect(json[member: "externalInputDefinitions"]?[member: "sys.cli_0"]?[member: "kind"]?.stringValue == "sys.cli")
        #expect(json[member: "externalInputDefinitions"]?[member: "sys.cli_0"]?[member: "config"]?.stringValue == "flag")
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.files == [parameters])
        #expect(localAuth(result).map(\.status) == [.unknown], "the tooling decides local authentication, so no verdict is guessed")
    }

    @Test("using none and a registry using are not judged, with a warning")
    func notJudged() async throws {
        let folder = try TemporaryFolder()
        let none = try folder.write("n.bicepparam", "using none\nparam a = 1\n")
        let registry = try folder.write("r.bicepparam", "using 'br/public:avm/res/x/y:1.0.0'\nparam a = 1\n")
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.files.isEmpty)
        #expect(Set(result.problems.filter { $0.code == .bicepParametersNotApplied }.map(\.location.file)) == [none, registry])
    }
}
