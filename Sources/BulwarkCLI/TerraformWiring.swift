import ArgumentParser
import TerraformFrontEnd
import TerraformModel

/// Where the CLI gets the Terraform front end's two parts: the evaluator (TerraformEvaluation's `TerraformEvaluator`,
/// given TerraformFunctions' `TerraformBuiltinFunctions` and the mapping as its resource identifier) and the mapping
/// (TerraformMapping's `AzureResourceMapping`, whose `init()` throws a located error for a broken bundled mapping, and
/// which conforms to `TerraformInstanceMapping` with an empty extension here). Those targets are built on their own
/// branches; until they are in this package there is no front end to give, and `scan` and `expand` read no Terraform
/// (the ARM front end then keeps every `.json`, plans included, as before). Wired, the body reads:
///
///     let mapping = try AzureResourceMapping()
///     return TerraformFrontEnd(
///         inputs: inputs, evaluator: TerraformEvaluator(functions: TerraformBuiltinFunctions(), identifier: mapping),
///         mapping: mapping)
enum TerraformWiring {
    /// The front end for `scan` and `expand`, or nil while the package has no evaluator and mapping.
    /// - Throws: when the bundled mapping cannot be read (the callers print it and exit 2).
    static func frontEnd(inputs: TerraformVariableInputs) throws -> TerraformFrontEnd? {
        nil
    }

    /// ``frontEnd(inputs:)`` for a command's `run()`: a broken mapping is printed and the command exits 2.
    static func standard(inputs: TerraformVariableInputs) throws(ExitCode) -> TerraformFrontEnd? {
        do {
            return try frontEnd(inputs: inputs)
        } catch {
            printError("bulwark: cannot read the Terraform mapping: \(error)")
            throw ExitCode(2)
        }
    }
}
