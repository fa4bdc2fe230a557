import PostureModel
import SourceModel
import TerraformEvaluation
import TerraformFrontEnd
import TerraformFunctions
import TerraformMapping
import TerraformModel

/// The Terraform front end's parts, wired: the evaluator (TerraformEvaluation's `TerraformEvaluator` with
/// TerraformFunctions' built-in functions, and the mapping as its resource identifier, so a reference to another
/// resource's `id` is that resource's ARM id) and the mapping (TerraformMapping's `AzureResourceMapping`), which plans
/// go through too.
enum TerraformWiring {
    /// The front end for `scan` and `expand`.
    static func frontEnd(inputs: TerraformVariableInputs) -> TerraformFrontEnd {
        TerraformFrontEnd(
            inputs: inputs, evaluator: TerraformEvaluator(functions: TerraformBuiltinFunctions(), identifier: BundledMapping()),
            mapping: BundledMapping())
    }
}

/// The bundled azurerm, azapi and azuread mapping, read once per process when Terraform input first needs it: a scan
/// without Terraform never parses its YAML, which was a quarter of an empty folder's scan. A mapping file that does not
/// read (a defect of the build, which TerraformMappingTests catch) is an error on each unit that needed it.
private struct BundledMapping: TerraformInstanceMapping, TerraformResourceIdentifier {
    static let loaded = Result { () throws(MappingError) in try AzureResourceMapping() }

    func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic]) {
        switch Self.loaded {
        case .success(let mapping): mapping.resources(from: instances)
        case .failure(let error): ([], [error.diagnostic])
        }
    }

    func armID(type: String, attributes: TerraformValue) -> String? {
        guard case .success(let mapping) = Self.loaded else { return nil }
        return mapping.armID(type: type, attributes: attributes)
    }
}
