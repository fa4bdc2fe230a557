public import SourceModel

extension Diagnostic.Code {
    /// A folder of `.tf` files skipped because another scanned folder calls it as a local module (a note), or a
    /// root module that cannot be evaluated as one.
    public static let terraformModuleFolder = Self("terraform-module-folder")
    /// A `.tfvars` file that Terraform would not load by itself (a note in a folder walk, an error when named).
    public static let terraformVariablesFile = Self("terraform-variables-file")
}
