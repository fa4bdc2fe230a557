import Foundation
public import PostureModel
import SourceModel
import TerraformPlan

extension TerraformFrontEnd {
    /// `bulwark expand`: one root module (its folder, or one of its `.tf` files) or one plan, evaluated and mapped,
    /// for a person checking what Bulwark judges. Resources carry their Terraform addresses; what a plan deletes is
    /// listed as skipped.
    /// - Parameter path: a folder with `.tf` or `.tf.json` files, such a file, or a plan JSON file.
    /// - Returns: the resources and every problem found. Problems are data: never throws.
    public func expand(_ path: String) -> LoadedInput {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return LoadedInput(problems: [Diagnostic(.fileNotFound, file: path, "no such file or folder; check the path")])
        }
        if isFolder.boolValue || TerraformFiles.isConfiguration(path) {
            let root = isFolder.boolValue ? TerraformFiles.normalized(path) : TerraformFiles.folder(of: path)
            guard Self.holdsConfiguration(root) else {
                return LoadedInput(problems: [
                    Diagnostic(
                        .terraformModuleFolder, file: path,
                        "no .tf or .tf.json file in this folder; expand takes a Terraform root module's folder, a template or a plan")
                ])
            }
            return Self.load(root: root, inputs: inputs, evaluator: evaluator, mapping: mapping)
        }
        if TerraformFiles.isVariables(path) {
            return LoadedInput(problems: [
                Diagnostic(
                    .terraformVariablesFile, file: path,
                    "a variables file is not a configuration; expand its root module's folder and pass it with --var-file")
            ])
        }
        switch TerraformPlanReader().read(path) {
        case .failure(let problem): return LoadedInput(problems: [problem])
        case .success(let plan): return Self.load(plan: plan, mapping: mapping)
        }
    }

    /// True when the folder directly holds a `.tf` or `.tf.json` file.
    public static func holdsConfiguration(_ folder: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.contains { TerraformFiles.isConfiguration($0) }
    }
}
