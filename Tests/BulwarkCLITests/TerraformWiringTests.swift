import Foundation
import PostureModel
import ScanTesting
import SourceModel
import TerraformFrontEnd
import TerraformModel
import Testing

@testable import BulwarkCLI

/// How `scan` wires the Terraform front end beside ARM and Bicep, checked in-process with stand-in parts (the real
/// evaluator and mapping are wired in `TerraformWiring`).
@Suite("scan wiring: Terraform after ARM and Bicep")
struct TerraformWiringTests {
    struct NoEvaluation: TerraformConfigurationEvaluating {
        func evaluate(rootModule directory: String, inputs: TerraformVariableInputs) -> TerraformConfiguration {
            TerraformConfiguration()
        }
    }

    struct NoMapping: TerraformInstanceMapping {
        func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic]) {
            ([], [])
        }
    }

    @Test("ARM leaves plans and .tf.json files to Terraform, which comes last; without Terraform, ARM keeps them")
    func order() throws {
        let folder = try TemporaryFolder()
        let plan = try folder.write("plan.json", #"{"format_version": "1.2", "planned_values": {"root_module": {}}}"#)
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let deployment = try DeploymentOptions.parse([])
        let bicep = try BicepOptions.parse([])
        let terraform = TerraformFrontEnd(evaluator: NoEvaluation(), mapping: NoMapping())
        let frontEnds = FrontEnds.scanning(
            paths: [folder.path], parameterFile: nil, deployment: deployment, bicep: bicep, terraform: terraform)
        #expect(frontEnds.map(\.name) == ["ARM", "Bicep", "snapshot", "Terraform"])
        #expect(frontEnds.firstIndex { $0.claims(plan) } == 3)
        #expect(frontEnds.firstIndex { $0.claims("main.tf.json") } == 3)
        #expect(frontEnds.firstIndex { $0.claims(template) } == 0)
        let without = FrontEnds.scanning(paths: [folder.path], parameterFile: nil, deployment: deployment, bicep: bicep)
        #expect(without.map(\.name) == ["ARM", "Bicep", "snapshot"])
        #expect(without.firstIndex { $0.claims(plan) } == 0)
    }

    @Test("--var-file and --var become the front end's variable inputs, in the order given")
    func inputs() throws {
        let options = try TerraformOptions.parse(["--var-file", "a.tfvars", "--var", "sku=S0", "--var-file", "b.tfvars", "--var", "x=a=b"])
        #expect(options.inputs.files == ["a.tfvars", "b.tfvars"])
        #expect(options.inputs.assignments == [.init(name: "sku", text: "S0"), .init(name: "x", text: "a=b")])
        #expect(throws: (any Error).self) { try TerraformOptions.parse(["--var", "1x=2"]) }
    }
}
