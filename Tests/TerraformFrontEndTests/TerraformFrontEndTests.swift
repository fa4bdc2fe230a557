import Foundation
import PostureModel
import ScanTesting
import SourceModel
import TerraformModel
import Testing

@testable import TerraformFrontEnd

@Suite("Terraform front end: what it claims, root modules, variable files, plans")
struct TerraformFrontEndTests {
    func files(_ paths: [String], explicit: Set<String> = []) -> [InputFile] {
        paths.map { InputFile(path: $0, isExplicit: explicit.contains($0)) }
    }

    @Test("claims configuration and variable files by name, and .json files that hold a plan")
    func claims() throws {
        let folder = try TemporaryFolder()
        let plan = try folder.write("plan.json", FrontEndFixtures.plan)
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let frontEnd = FrontEndFixtures.frontEnd()
        for name in ["main.tf", "main.tf.json", "terraform.tfvars", "prod.tfvars.json", "MAIN.TF", plan] {
            #expect(frontEnd.claims(name), "\(name)")
        }
        for name in [template, "main.bicep", "notes.txt", "tf", "main.tfstate"] {
            #expect(!frontEnd.claims(name), "\(name)")
        }
        #expect(frontEnd.name == "Terraform")
    }

    @Test("root modules: folders no other scanned folder calls as a local module; modules are noted, not evaluated alone")
    func rootModules() throws {
        let folder = try TemporaryFolder()
        let root = try folder.write("live/main.tf", "module \"ai\" {\n  source = \"../modules/ai\"\n}\n")
        let ai = try folder.write("modules/ai/main.tf", "module \"net\" {\n  source = \"./../net\"\n  count = 1\n}\n")
        let net = try folder.write("modules/net/main.tf", "resource \"azurerm_subnet\" \"s\" {}\n")
        let registry = try folder.write("other/main.tf", "module \"kv\" {\n  source = \"Azure/avm-res-keyvault-vault/azurerm\"\n}\n")
        let json = try folder.write("jsonroot/main.tf.json", #"{"module": {"x": {"source": "../other"}}}"#)
        let evaluator = FixtureEvaluator()
        let plan = FrontEndFixtures.frontEnd(evaluator: evaluator).plan(files([root, ai, net, registry, json]))
        #expect(plan.units.map(\.name) == [folder.path + "/live", folder.path + "/jsonroot"])
        let notes = plan.problems.filter { $0.code == .terraformModuleFolder }
        #expect(notes.map(\.location.file) == [ai, net, registry])
        #expect(notes.allSatisfy { $0.severity == .note })
        #expect(notes[0].message.contains("\(folder.path)/live calls this folder as a local module"))
        #expect(plan.textFiles == [root, ai, net, registry, json])
        _ = plan.units.map { $0.load() }
        #expect(evaluator.roots == [folder.path + "/live", folder.path + "/jsonroot"])
    }

    @Test("a .tf file named on the command line makes its folder a root; folders that only call each other are roots")
    func explicitAndLoops() throws {
        let folder = try TemporaryFolder()
        let root = try folder.write("root/main.tf", "module \"m\" {\n  source = \"../module\"\n}\n")
        let module = try folder.write("module/main.tf", "")
        let planned = FrontEndFixtures.frontEnd().plan(files([root, module], explicit: [module]))
        #expect(planned.units.map(\.name) == [folder.path + "/root", folder.path + "/module"])
        let a = try folder.write("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n")
        let b = try folder.write("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n")
        let loop = FrontEndFixtures.frontEnd().plan(files([a, b]))
        #expect(loop.units.map(\.name) == [folder.path + "/a"], "a is evaluated on its own, and b through it")
    }

    @Test("variable files: auto-loaded ones and --var-file ones are silent, others a note, a named one an error")
    func variableFiles() throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("root/main.tf", "")
        let auto = try folder.write("root/terraform.tfvars", "")
        let autoJSON = try folder.write("root/x.auto.tfvars.json", "{}")
        let example = try folder.write("root/example.tfvars", "")
        let given = try folder.write("root/prod.tfvars", "")
        let orphan = try folder.write("elsewhere/terraform.tfvars", "")
        let frontEnd = FrontEndFixtures.frontEnd(inputs: TerraformVariableInputs(files: [given]))
        let plan = frontEnd.plan(files([main, auto, autoJSON, example, given, orphan]))
        let problems = plan.problems.filter { $0.code == .terraformVariablesFile }
        #expect(problems.map(\.location.file) == [example, orphan])
        #expect(problems.allSatisfy { $0.severity == .note && $0.message.contains("--var-file") })
        let named = frontEnd.plan(files([example], explicit: [example]))
        #expect(named.problems.map(\.severity) == [.error])
        #expect(named.units.isEmpty)
    }

    @Test("--var-file and --var reach the evaluator for every root")
    func inputs() throws {
        let folder = try TemporaryFolder()
        let one = try folder.write("one/main.tf", "")
        let two = try folder.write("two/main.tf", "")
        let inputs = TerraformVariableInputs(files: ["prod.tfvars"], assignments: [.init(name: "sku", text: "S0")])
        let evaluator = FixtureEvaluator()
        let plan = FrontEndFixtures.frontEnd(inputs: inputs, evaluator: evaluator).plan(files([one, two]))
        _ = plan.units.map { $0.load() }
        #expect(evaluator.calls.withLock { $0.map(\.inputs) } == [inputs, inputs])
    }

    @Test("a root module's instances are mapped, with their addresses; its evaluator's problems are the unit's")
    func loadRoot() throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("openai/main.tf", "")
        let broken = try folder.write("broken/broken.tf", "")
        let plan = FrontEndFixtures.frontEnd().plan(files([main, broken]))
        let loaded = plan.units.map { $0.load() }
        #expect(loaded[0].resources.map(\.address) == ["azurerm_cognitive_account.openai"])
        #expect(loaded[0].resources.first?.origin == .terraform)
        #expect(loaded[1].resources.isEmpty)
        #expect(loaded[1].problems.map(\.location) == [SourceLocation(file: broken, line: 1, column: 9)])
    }

    @Test("a plan is one unit: planned instances mapped and judged, deleted ones listed as skipped, mapping notes kept")
    func loadPlan() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("plan.json", FrontEndFixtures.plan)
        let plan = FrontEndFixtures.frontEnd().plan(files([path]))
        #expect(plan.units.map(\.name) == [path])
        #expect(plan.textFiles.isEmpty, "a plan holds sensitive values in clear by design; it is not searched for secrets")
        let loaded = try #require(plan.units.first).load()
        #expect(loaded.resources.map(\.address) == ["azurerm_cognitive_account.oai"])
        #expect(loaded.resources.map(\.name) == ["oai-plan"])
        #expect(loaded.skipped.map(\.address) == ["azurerm_cognitive_account.gone"])
        #expect(loaded.skipped.allSatisfy { $0.condition == .notMet })
        #expect(loaded.problems.map(\.message) == ["not mapped: azurerm_resource_group"])
    }

    @Test("a plan of an unknown format version is an error and no unit")
    func unknownPlanVersion() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("plan.json", FrontEndFixtures.plan.replacingOccurrences(of: "\"1.2\"", with: "\"9.0\""))
        let plan = FrontEndFixtures.frontEnd().plan(files([path]))
        #expect(plan.units.isEmpty)
        #expect(plan.problems.map(\.code) == [.unsupportedPlanFormat])
        #expect(plan.problems.first?.location == SourceLocation(file: path, line: 2, column: 21))
    }

    @Test("expand: a root module's folder or file, a plan; a variables file or a folder without .tf says what it expected")
    func expand() throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("openai/main.tf", "")
        let plan = try folder.write("plan.json", FrontEndFixtures.plan)
        let frontEnd = FrontEndFixtures.frontEnd()
        #expect(frontEnd.expand(folder.path + "/openai").resources.map(\.address) == ["azurerm_cognitive_account.openai"])
        #expect(frontEnd.expand(main).resources.map(\.address) == ["azurerm_cognitive_account.openai"])
        let expandedPlan = frontEnd.expand(plan)
        #expect(expandedPlan.resources.count == 1 && expandedPlan.skipped.count == 1)
        let vars = try folder.write("openai/prod.tfvars", "")
        #expect(frontEnd.expand(vars).problems.map(\.code) == [.terraformVariablesFile])
        let empty = try TemporaryFolder()
        #expect(frontEnd.expand(empty.path).problems.map(\.code) == [.terraformModuleFolder])
        #expect(frontEnd.expand(folder.path + "/nope").problems.map(\.code) == [.fileNotFound])
    }

    @Test("local module sources in native and JSON syntax; registry and git sources are not local")
    func moduleSources() {
        let native = ModuleCalls.sources(
            Data("module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" {\n  source = \"git::https://x\"\n}\n".utf8), file: "main.tf")
        #expect(native == ["./a", "git::https://x"])
        let json = ModuleCalls.sources(
            Data(#"{"module": [{"a": {"source": "./a"}}, {"b": [{"source": "../b"}]}], "resource": {}}"#.utf8), file: "main.tf.json")
        #expect(json == ["./a", "../b"])
        #expect(TerraformFiles.join("/x/live", "../modules/ai") == "/x/modules/ai")
        #expect(TerraformFiles.join(".", "./a") == "a")
        #expect(TerraformFiles.folder(of: "main.tf") == ".")
    }
}
