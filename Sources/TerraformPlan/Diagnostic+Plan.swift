public import SourceModel

extension Diagnostic.Code {
    /// A file given as a plan that is not one.
    public static let notATerraformPlan = Self("not-a-terraform-plan")
    /// A `terraform show -json` plan of a format version this reader does not know.
    public static let unsupportedPlanFormat = Self("unsupported-plan-format")
    /// A plan whose shape is not what `terraform show -json` writes (a resource without a type, values that are not
    /// an object): the entry is skipped, the rest of the plan is read.
    public static let invalidPlan = Self("invalid-plan")
}
