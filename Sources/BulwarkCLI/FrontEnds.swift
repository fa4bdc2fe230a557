import ARMTemplates
import BicepFrontEnd
import LiveSnapshot
import PostureModel
import TerraformFrontEnd

/// The input formats `scan` reads, wired with the command's options.
enum FrontEnds {
    /// ARM first (a named file no front end claims goes to it, and it says what it expected), then Bicep. A
    /// `--parameters` file goes to the front end whose files were named, so that neither warns about the other's; a
    /// `.bicepparam` one always to Bicep. Terraform comes last: ARM leaves it the `.json` files that are Terraform's
    /// (plans, `.tf.json`, `.tfvars.json`), and a snapshot folder's `manifest.json` and data files to the snapshot
    /// front end, which comes before Terraform so that none of its files is read as anything else.
    static func scanning(
        paths: [String], parameterFile: String?, deployment: DeploymentOptions, bicep: BicepOptions, terraform: TerraformFrontEnd? = nil
    ) -> [any InputFrontEnd] {
        let bicepFrontEnd = BicepFrontEnd(context: deployment.context, settings: bicep.settings)
        let bicepParameters = parameterFile?.lowercased().hasSuffix(".bicepparam") == true
        let namesBicep = bicepParameters || paths.contains { bicepFrontEnd.claims($0) }
        let namesOther = !bicepParameters && paths.contains { !bicepFrontEnd.claims($0) }
        let snapshot = SnapshotFrontEnd()
        let yields: @Sendable (String) -> Bool
        if let terraform {
            yields = { snapshot.claims($0) || terraform.claims($0) }
        } else {
            yields = { snapshot.claims($0) }
        }
        let frontEnds: [any InputFrontEnd] = [
            ARMFrontEnd(context: deployment.context, parameterFile: namesOther || !namesBicep ? parameterFile : nil, yields: yields),
            BicepFrontEnd(context: deployment.context, parameterFile: namesBicep ? parameterFile : nil, settings: bicep.settings),
            snapshot,
        ]
        return frontEnds + (terraform.map { [$0] } ?? [])
    }
}
