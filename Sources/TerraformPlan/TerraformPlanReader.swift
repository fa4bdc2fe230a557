import Foundation
public import LocatedJSON
public import SourceModel
import TerraformModel

/// Reads `terraform show -json` plans (format 0.1 to 1.2) into resource instances. Problems with single entries are
/// diagnostics and the rest is read; only a file that is not a readable plan of a known format fails.
public struct TerraformPlanReader: Sendable {
    /// How deep `child_modules` may nest before the rest is refused with an error.
    public static let maximumModuleDepth = 64

    public init() {}

    /// Reads the plan at `path`.
    /// - Returns: the plan, or the one problem that keeps it from being read (not a file, not JSON, not a plan, an
    ///   unknown format version), located in the file.
    public func read(_ path: String) -> Result<TerraformPlan, Diagnostic> {
        let data: Data
        switch FileAccess.read(path) {
        case .success(let read): data = read
        case .failure(let failure): return .failure(failure.diagnostic)
        }
        let root: JSONValue
        do {
            root = try JSONReader().read([UInt8](data))
        } catch {
            return .failure(error.diagnostic(file: path))
        }
        return read(root, file: path)
    }

    /// Reads a plan already parsed from `file`.
    public func read(_ root: JSONValue, file: String) -> Result<TerraformPlan, Diagnostic> {
        guard PlanDetection.isPlan(root) else {
            return .failure(
                Diagnostic(
                    .notATerraformPlan, at: SourceLocation(file: file, position: root.position),
                    "expected a Terraform plan as `terraform show -json` writes it: an object with 'format_version' and 'planned_values' or 'resource_changes'"
                ))
        }
        let versions = PlanDetection.supportedFormatVersions
        let versionValue = PlanDetection.member(root, "format_version")
        guard let version = versionValue?.stringValue, versions.contains(version) else {
            let found = versionValue?.stringValue.map { "\"\($0)\"" } ?? versionValue?.kindDescription ?? "nothing"
            return .failure(
                Diagnostic(
                    .unsupportedPlanFormat, at: SourceLocation(file: file, position: versionValue?.position ?? root.position),
                    "unsupported plan format_version \(found); Bulwark reads plan format versions \(versions.joined(separator: ", ")) "
                        + "(Terraform 0.12 and later); write the plan with a Terraform release of that range"))
        }
        var builder = PlanBuilder(file: file, root: root)
        builder.readPlannedValues()
        builder.readDeletions()
        return .success(
            TerraformPlan(
                file: file, formatVersion: version, terraformVersion: PlanDetection.member(root, "terraform_version")?.stringValue,
                instances: builder.instances, deleted: builder.deleted, diagnostics: builder.diagnostics,
                locatedInConfiguration: builder.locatedInConfiguration))
    }
}
