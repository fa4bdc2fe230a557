import ARMTemplates
import LocatedJSON
import SourceModel
import PostureModel
@testable import RuleEngine

/// Turns a rule's example snippet into deployed resources: the snippet (with `type` and `name` defaulted)
/// plus any `$related` declarations, loaded through the ARM template loader as one template.
enum RuleExamples {
    struct Deployment {
        var subject: Resource
        var index: ResourceIndex
        var problems: [Diagnostic]
    }

    static func deploy(_ snippet: Value, for rule: Rule) throws -> Deployment {
        var subject: [Value.Member] = []
        var related: [Value] = []
        for member in snippet.members ?? [] {
            if member.key == "$related" { related = member.value.elements ?? [] } else { subject.append(member) }
        }
        if !subject.contains(where: { $0.key == "type" }) {
            subject.insert(Value.Member(key: "type", value: .string(rule.applicability.types[0].name)), at: 0)
        }
        if !subject.contains(where: { $0.key == "name" }) {
            subject.insert(Value.Member(key: "name", value: .string(defaultName(for: rule.applicability.types[0]))), at: 1)
        }
        let resources = [Value(.object(subject))] + related
        let template = "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\", \"resources\": \(Value(.array(resources)).displayText)}"
        let root = try JSONReader().read(template)
        let loaded = TemplateLoader().load(SourceDocument(file: "\(rule.id)-example.json", root: root))
        guard let first = loaded.resources.first else {
            throw ExampleError(message: "the example of \(rule.id) produced no resource: \(loaded.problems)")
        }
        return Deployment(subject: first, index: ResourceIndex(loaded.resources), problems: loaded.problems)
    }

    /// Child types need a name per level: `example/child`.
    static func defaultName(for type: ResourceType) -> String {
        (["example"] + type.segments.dropFirst().map { _ in "child" }).joined(separator: "/")
    }

    struct ExampleError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
