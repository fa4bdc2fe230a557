public import PostureModel
public import SourceModel
public import TerraformModel

/// Turns Terraform resource instances (evaluated from `.tf` files or read from a plan) into resources of the shared
/// model that the rules judge: the seam to the azurerm, azapi and azuread mapping (`AzureResourceMapping` in
/// TerraformMapping has exactly this method, so it conforms with an empty extension where the CLI wires it).
public protocol TerraformInstanceMapping: Sendable {
    /// The resources the instances become, with `origin: .terraform` and `address` set, and what could not be mapped.
    func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic])
}
