import SourceModel
import LocatedJSON
import PostureModel

extension DeploymentExpander {
    /// A resource's evaluated body, checked against ARM's limits: over 1 MB is a warning (ARM's limit for one
    /// resource definition), over ``EvaluationLimits/maximumValueBytes`` an error, and the body keeps only its
    /// type, name and API version with unknown properties, so nothing downstream walks or prints the oversized value.
    func boundedBody(_ body: Value, type: ResourceType, name: String, here: SourceLocation) -> Value {
        let size = session.measure(body)
        session.expandedBytes += size
        if size > EvaluationLimits.maximumValueBytes {
            session.reportAlways(
                Diagnostic(
                    .invalidTemplate, at: here,
                    "resource '\(name)' (\(type.name)) is larger than \(EvaluationLimits.megabytes(EvaluationLimits.maximumValueBytes)) "
                        + "once expanded: ARM refuses it; its properties are not evaluated"))
            let kept = (body.members ?? []).filter { ["type", "name", "apiversion"].contains($0.key.lowercased()) }
            let properties = Value.unknown(
                "properties", reason: "the resource is larger than \(EvaluationLimits.megabytes(EvaluationLimits.maximumValueBytes))",
                at: here)
            return Value(.object(kept + [Value.Member(key: "properties", value: properties)]), location: here)
        }
        if size > EvaluationLimits.maximumResourceBytes {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, .warning, at: here,
                    "resource '\(name)' (\(type.name)) is larger than \(EvaluationLimits.megabytes(EvaluationLimits.maximumResourceBytes)) "
                        + "once expanded, ARM's limit for one resource definition; Azure would refuse this deployment"))
        }
        return body
    }

    /// Warns when one template (the root or a nested one) deploys more resources than ARM allows.
    func checkResourceCount(_ count: Int, at position: SourcePosition) {
        guard count > EvaluationLimits.maximumResources else { return }
        evaluator.report(
            Diagnostic(
                .invalidTemplate, .warning, at: evaluator.location(position),
                "the template deploys \(count) resources once copy loops are expanded; ARM allows \(EvaluationLimits.maximumResources) "
                    + "per template, so Azure would refuse this deployment (split it with nested deployments)"))
    }

    /// Warns when a template declares more parameters, variables or outputs than ARM allows.
    static func checkSections(of template: JSONValue, evaluator: TemplateEvaluator) {
        let sections = [
            ("parameters", EvaluationLimits.maximumParameters), ("variables", EvaluationLimits.maximumVariables),
            ("outputs", EvaluationLimits.maximumOutputs),
        ]
        for (section, limit) in sections {
            guard let node = template[member: section], let members = node.members else { continue }
            let count = section == "variables" ? Self.variableCount(members) : members.count
            guard count > limit else { continue }
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, .warning, at: evaluator.location(node.position),
                    "the template declares \(count) \(section); ARM allows \(limit), so Azure would refuse this deployment "
                        + "(combine values into objects, or split the template)"))
        }
    }

    /// Variables, each variable `copy` loop counting as one.
    private static func variableCount(_ members: [JSONMember]) -> Int {
        members.reduce(0) { count, member in
            count + (member.key.caseInsensitiveEquals("copy") ? (member.value.elements?.count ?? 0) : 1)
        }
    }

    /// Warns when the resources deployed add up to more than ARM's 4 MB limit of an expanded template.
    static func checkExpandedSize(_ session: EvaluationSession, at location: SourceLocation) {
        guard session.expandedBytes > EvaluationLimits.maximumExpandedTemplateBytes else { return }
        session.report(
            Diagnostic(
                .invalidTemplate, .warning, at: location,
                "the template is about \(session.expandedBytes / (1024 * 1024)) MB once expanded; ARM refuses templates larger than "
                    + "\(EvaluationLimits.megabytes(EvaluationLimits.maximumExpandedTemplateBytes)) after expansion"))
    }
}
