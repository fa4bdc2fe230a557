public import SourceModel
public import TerraformModel

/// What one `terraform show -json` plan describes: the resource instances it will leave deployed, with their planned
/// values (unknowns where the plan says "known after apply", sensitive values marked), and those it deletes.
public struct TerraformPlan: Sendable {
    /// The plan file.
    public var file: String
    /// `format_version`: one of ``PlanDetection/supportedFormatVersions``.
    public var formatVersion: String
    /// `terraform_version`, when the plan says.
    public var terraformVersion: String?
    /// Every managed resource and data source in `planned_values`, root and child modules, in the plan's order,
    /// without the instances the plan deletes. `source` is `.plan`.
    public var instances: [TerraformResourceInstance]
    /// Instances whose only planned action is `delete`, with the values they had (`change.before`): listed by
    /// `bulwark expand`, never judged.
    public var deleted: [TerraformResourceInstance]
    /// Entries that could not be read (the rest of the plan still was), as warnings and errors at plan line:column.
    public var diagnostics: [Diagnostic]
    /// How each instance was located: `true` when its `resource` block was found in the configuration beside the
    /// plan (the location and the attribute values point at `.tf` lines), else the plan's own line:column.
    public var locatedInConfiguration: [String: Bool]

    public init(
        file: String, formatVersion: String, terraformVersion: String? = nil, instances: [TerraformResourceInstance] = [],
        deleted: [TerraformResourceInstance] = [], diagnostics: [Diagnostic] = [], locatedInConfiguration: [String: Bool] = [:]
    ) {
        self.file = file
        self.formatVersion = formatVersion
        self.terraformVersion = terraformVersion
        self.instances = instances
        self.deleted = deleted
        self.diagnostics = diagnostics
        self.locatedInConfiguration = locatedInConfiguration
    }
}
