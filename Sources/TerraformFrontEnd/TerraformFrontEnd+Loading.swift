import PostureModel
import SourceModel
import TerraformModel
import TerraformPlan

extension TerraformFrontEnd {
    /// One root module evaluated with its variables, then mapped.
    static func load(
        root: String, inputs: TerraformVariableInputs, evaluator: any TerraformConfigurationEvaluating,
        mapping: any TerraformInstanceMapping
    ) -> LoadedInput {
        let configuration = evaluator.evaluate(rootModule: root, inputs: inputs)
        let mapped = mapping.resources(from: configuration.instances)
        return LoadedInput(resources: mapped.resources, problems: configuration.diagnostics + mapped.diagnostics)
    }

    /// One plan mapped: what it leaves deployed is judged, what it deletes only listed (skipped, condition not met).
    static func load(plan: TerraformPlan, mapping: any TerraformInstanceMapping) -> LoadedInput {
        let mapped = mapping.resources(from: plan.instances)
        // The mapping's notes on the deleted instances would repeat those on the planned ones: they are not judged.
        let deleted = plan.deleted.isEmpty ? [] : mapping.resources(from: plan.deleted).resources
        let skipped = deleted.map { resource in
            var resource = resource
            resource.condition = .notMet
            return resource
        }
        return LoadedInput(resources: mapped.resources, skipped: skipped, problems: plan.diagnostics + mapped.diagnostics)
    }
}
