import TerraformFrontEnd
import TerraformModel

/// Where the CLI gets the Terraform front end's two parts: the evaluator (TerraformEvaluation's `TerraformEvaluator`,
/// given TerraformFunctions' library and the mapping as its resource identifier) and the mapping (TerraformMapping's
/// `AzureResourceMapping`, which conforms to `TerraformInstanceMapping` with an empty extension here). Those targets
/// are built on their own branches; until they are in this package there is no front end to give, and `scan` and
/// `expand` read no Terraform (the ARM front end then keeps every `.json`, plans included, as before).
enum TerraformWiring {
    /// The front end for `scan` and `expand`, or nil while the package has no evaluator and mapping.
    static func frontEnd(inputs: TerraformVariableInputs) -> TerraformFrontEnd? {
        nil
    }
}
