import ArgumentParser
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
    /// - Throws: when the bundled mapping cannot be read (the callers print it and exit 2).
    static func frontEnd(inputs: TerraformVariableInputs) throws -> TerraformFrontEnd {
        let mapping = try AzureResourceMapping()
        return TerraformFrontEnd(
            inputs: inputs, evaluator: TerraformEvaluator(functions: TerraformBuiltinFunctions(), identifier: mapping),
            mapping: Mapping(azure: mapping))
    }

    /// ``frontEnd(inputs:)`` for a command's `run()`: a broken mapping is printed and the command exits 2.
    static func standard(inputs: TerraformVariableInputs) throws(ExitCode) -> TerraformFrontEnd {
        do {
            return try frontEnd(inputs: inputs)
        } catch {
            printError("bulwark: cannot read the Terraform mapping: \(error)")
            throw ExitCode(2)
        }
    }
}

/// The azurerm, azapi and azuread mapping as the front end's seam (a wrapper rather than a retroactive conformance of
/// one module's type to another's protocol).
private struct Mapping: TerraformInstanceMapping {
    let azure: AzureResourceMapping

    func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic]) {
        azure.resources(from: instances)
    }
}
