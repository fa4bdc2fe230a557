import Foundation
public import PostureModel
import SourceModel
public import TerraformModel
import TerraformPlan

/// Terraform as a scan input: root modules (`.tf`, `.tf.json` folders no other scanned folder calls as a local module),
/// each evaluated with its variables and mapped onto the shared resource model, and `terraform show -json` plans
/// (`.json` files recognised by content). One unit per root module and per plan.
public struct TerraformFrontEnd: InputFrontEnd {
    /// `--var-file` and `--var`, applied to every root module.
    public var inputs: TerraformVariableInputs
    let evaluator: any TerraformConfigurationEvaluating
    let mapping: any TerraformInstanceMapping

    /// - Parameters:
    ///   - inputs: variable values given on the command line, for every root module.
    ///   - evaluator: evaluates a root module folder (TerraformEvaluation's `TerraformEvaluator`).
    ///   - mapping: turns instances into resources (TerraformMapping's `AzureResourceMapping`); plans go through it too.
    public init(
        inputs: TerraformVariableInputs = TerraformVariableInputs(), evaluator: any TerraformConfigurationEvaluating,
        mapping: any TerraformInstanceMapping
    ) {
        self.inputs = inputs
        self.evaluator = evaluator
        self.mapping = mapping
    }

    public var name: String { "Terraform" }

    /// `.tf`, `.tf.json`, `.tfvars` and `.tfvars.json` by name, and `.json` files that hold a plan (read to tell).
    /// The ARM front end, which claims `.json`, leaves these to this one.
    public func claims(_ path: String) -> Bool {
        Self.claimsByName(path) || (path.lowercased().hasSuffix(".json") && PlanDetection.isPlanFile(path))
    }

    static func claimsByName(_ path: String) -> Bool {
        TerraformFiles.isConfiguration(path) || TerraformFiles.isVariables(path)
    }

    public func plan(_ files: [InputFile]) -> InputPlan {
        var plan = InputPlan()
        let roots = RootModules.find(files)
        plan.problems += roots.notes
        plan.problems += variableFileProblems(files, roots: Set(roots.roots))
        for root in roots.roots {
            plan.units.append(
                InputUnit(name: root) { [inputs, evaluator, mapping] in
                    Self.load(root: root, inputs: inputs, evaluator: evaluator, mapping: mapping)
                })
        }
        let reader = TerraformPlanReader()
        for file in files where !Self.claimsByName(file.path) {
            switch reader.read(file.path) {
            case .failure(let problem): plan.problems.append(problem)
            case .success(let read):
                plan.units.append(InputUnit(name: file.path) { [mapping] in Self.load(plan: read, mapping: mapping) })
            }
        }
        // Configuration and variable files may hold committed secrets; plans are generated (and hold every sensitive
        // value in clear by design), so they are not searched.
        plan.textFiles = files.map(\.path).filter(Self.claimsByName)
        return plan
    }

    /// A `.tfvars` named on the command line is an error (it is not a configuration); one found in a walk that its
    /// root module does not load by itself, and that `--var-file` does not name, is skipped with a note.
    private func variableFileProblems(_ files: [InputFile], roots: Set<String>) -> [Diagnostic] {
        let given = Set(inputs.files.map(TerraformFiles.normalized))
        var problems: [Diagnostic] = []
        for file in files where TerraformFiles.isVariables(file.path) {
            if file.isExplicit {
                problems.append(
                    Diagnostic(
                        .terraformVariablesFile, file: file.path,
                        "a variables file is not a configuration; scan its root module's folder and pass it with --var-file"))
            } else if given.contains(TerraformFiles.normalized(file.path)) {
                continue
            } else if !(TerraformFiles.isLoadedAutomatically(file.path) && roots.contains(TerraformFiles.folder(of: file.path))) {
                problems.append(
                    Diagnostic(
                        .terraformVariablesFile, .note, file: file.path,
                        "skipped: Terraform loads only terraform.tfvars and *.auto.tfvars of a root module by itself; pass this one with --var-file"
                    ))
            }
        }
        return problems
    }
}
