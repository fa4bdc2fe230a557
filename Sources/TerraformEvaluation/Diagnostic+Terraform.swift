public import SourceModel

/// Problems found while evaluating a Terraform configuration. Each is reported at the file, line and column of
/// the expression or block concerned, and evaluation goes on with an unknown in place of what failed.
extension Diagnostic.Code {
    /// A call to a function that is neither built into Terraform nor provided here.
    public static let terraformUnknownFunction = Self("terraform-unknown-function")
    /// Locals, resources or outputs that refer to each other in a loop.
    public static let terraformReferenceCycle = Self("terraform-reference-cycle")
    /// A variable's value that does not convert to the variable's declared type.
    public static let terraformVariableType = Self("terraform-variable-type")
    /// A required variable with no value from any source (a note: a scanner runs without inputs).
    public static let terraformVariableUnset = Self("terraform-variable-unset")
    /// A `.tfvars` file or `--var` naming a variable the root module does not declare (a warning, as Terraform's).
    public static let terraformUndeclaredVariable = Self("terraform-undeclared-variable")
    /// A reference to an attribute, key or name that does not exist.
    public static let terraformUnsupportedAttribute = Self("terraform-unsupported-attribute")
    /// A reference to a resource, data source, module call or variable the module does not declare (a warning:
    /// Terraform refuses the configuration, and a scan goes on with the value unknown, as for a folder holding part
    /// of a module).
    public static let terraformUndeclaredReference = Self("terraform-undeclared-reference")
    /// A provider-defined function (`provider::azurerm::normalise_resource_id`): only the provider computes it, so
    /// its result is unknown (a warning).
    public static let terraformProviderFunction = Self("terraform-provider-function")
    /// An expression Terraform would refuse: wrong operand types, a null where a value is needed, a failed function.
    public static let terraformInvalidExpression = Self("terraform-invalid-expression")
    /// A block Terraform would refuse: missing labels, `count` with `for_each`, a `for_each` over a list.
    public static let terraformInvalidBlock = Self("terraform-invalid-block")
    /// More instances from one `count`, `for_each` or `dynamic` than the evaluator expands, or more expressions in
    /// all than one evaluation's budget.
    public static let terraformTooManyInstances = Self("terraform-too-many-instances")
    /// A local module `source` folder that does not exist.
    public static let terraformModuleSourceNotFound = Self("terraform-module-source-not-found")
    /// A registry or git module that `terraform init` has not installed: its outputs are unknown.
    public static let moduleNotInstalled = Self("module-not-installed")
    /// An override file (`override.tf`, `*_override.tf`), which the evaluator does not merge.
    public static let terraformOverrideIgnored = Self("terraform-override-ignored")
    /// Modules nested deeper than the evaluator follows, or a module that calls itself.
    public static let terraformModuleNesting = Self("terraform-module-nesting")
}
