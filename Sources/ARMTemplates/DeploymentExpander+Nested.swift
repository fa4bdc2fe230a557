import SourceModel
import Foundation
import LocatedJSON
import PostureModel

extension DeploymentExpander {
    /// A deployment's own `properties`: parameters evaluated in the parent's scope; the nested template kept
    /// as written, since its expressions belong to the nested deployment.
    func deploymentProperties(_ json: JSONValue) -> Value {
        guard let members = json.members else { return evaluator.evaluate(json) }
        let evaluated = members.map { member in
            Value.Member(
                key: member.key,
                value: member.key.caseInsensitiveEquals("template")
                    ? Value(json: member.value, file: session.file(at: member.value.fileIndex, enclosing: evaluator.file))
                    : evaluator.evaluate(member.value))
        }
        return Value(.object(evaluated), location: evaluator.location(json.position))
    }

    /// Expands a `Microsoft.Resources/deployments` resource: its inline or local linked template, in inner or
    /// outer evaluation scope, at the scope it targets. Returns what `reference()` of it returns: its
    /// properties with `outputs` evaluated.
    func expandNestedDeployment(_ declaration: JSONValue, body: Value, id: String) -> Value {
        let here = evaluator.location(declaration.position)
        let properties = body[member: "properties"] ?? Value(.object([]))
        guard depth < EvaluationSession.maximumDeploymentDepth else {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: here,
                    "nested deployments go deeper than \(EvaluationSession.maximumDeploymentDepth) levels; the inner ones are not expanded")
            )
            return properties
        }
        let propertiesJSON = declaration[member: "properties"]
        guard let (template, file) = nestedTemplate(propertiesJSON, at: here) else { return properties }
        guard template.members != nil else {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: evaluator.location(template.position),
                    "expected the nested template to be an object, found \(template.kindDescription)"))
            return properties
        }
        let targetScope = nestedScope(body, template: template)
        let innerScope =
            propertiesJSON?[member: "expressionEvaluationOptions"]?[member: "scope"]?.stringValue?.caseInsensitiveEquals("inner") == true
        let nested: TemplateEvaluator
        if innerScope || file != evaluator.file {
            nested = TemplateEvaluator(scope: TemplateScope(file: file), session: session, deploymentScope: targetScope)
            let binding = ParameterBinding(evaluator: nested)
            binding.bind(
                template[member: "parameters"], supplied: suppliedParameters(properties[member: "parameters"]),
                definitions: template[member: "definitions"])
            binding.declareVariables(template[member: "variables"])
            binding.declareFunctions(template[member: "functions"])
        } else {
            // Outer scope: the nested template's expressions see the parent's parameters and variables.
            nested = TemplateEvaluator(scope: evaluator.scope, session: session, deploymentScope: targetScope)
        }
        Self.checkSections(of: template, evaluator: nested)
        let expander = DeploymentExpander(evaluator: nested, depth: depth + 1)
        if let resources = template[member: "resources"] { expander.expand(resources) }
        let outputs = expander.outputs(template[member: "outputs"])
        var members = properties.members ?? []
        members.removeAll { $0.key.caseInsensitiveEquals("outputs") || $0.key.caseInsensitiveEquals("template") }
        members.append(Value.Member(key: "outputs", value: outputs))
        return Value(.object(members), location: here)
    }

    /// The inline template, or a linked one by `relativePath` (loaded from disk); a template linked by URI is
    /// never fetched.
    private func nestedTemplate(_ properties: JSONValue?, at here: SourceLocation) -> (JSONValue, String)? {
        if let inline = properties?[member: "template"] {
            return (inline, session.file(at: inline.fileIndex, enclosing: evaluator.file))
        }
        guard let link = properties?[member: "templateLink"] else {
            evaluator.report(
                Diagnostic(.invalidTemplate, .warning, at: here, "expected 'template' or 'templateLink' in this nested deployment"))
            return nil
        }
        if let relative = link[member: "relativePath"].map({ evaluator.evaluate($0) })?.stringValue {
            let base = URL(fileURLWithPath: evaluator.file).deletingLastPathComponent()
            let path = base.appendingPathComponent(relative).standardizedFileURL.path
            guard let data = FileManager.default.contents(atPath: path) else {
                evaluator.report(Diagnostic(.unreadableFile, at: here, "cannot read the linked template '\(relative)' (\(path))"))
                return nil
            }
            do {
                return (try JSONReader().read([UInt8](data)), path)
            } catch {
                evaluator.report(Diagnostic(.malformedJSON, at: SourceLocation(file: path, position: error.position), error.message))
                return nil
            }
        }
        evaluator.report(
            Diagnostic(
                .invalidTemplate, .note, at: here,
                "the nested template is linked by URI and is not fetched; its resources are not scanned and its outputs are unknown"))
        return nil
    }

    /// The scope the nested deployment targets: its `subscriptionId` and `resourceGroup`, and the level its
    /// template's `$schema` declares.
    private func nestedScope(_ body: Value, template: JSONValue) -> DeploymentScope {
        var target = evaluator.deploymentScope
        let schemaLevel = DeploymentScope.level(ofSchema: template[member: "$schema"]?.stringValue)
        if let subscription = body[member: "subscriptionId"].flatMap(TemplateEvaluator.symbolicText) {
            target.subscriptionID = subscription
            target.level = .subscription
        }
        if let group = body[member: "resourceGroup"].flatMap(TemplateEvaluator.symbolicText) {
            target.resourceGroup = group
            target.level = .resourceGroup
        } else if schemaLevel != .resourceGroup {
            target.level = schemaLevel
        }
        return target
    }

    private func suppliedParameters(_ parameters: Value?) -> [String: SuppliedParameter] {
        var supplied: [String: SuppliedParameter] = [:]
        for member in parameters?.members ?? [] {
            if let value = member.value[member: "value"] {
                supplied[member.key.lowercased()] = .value(value)
            } else if member.value[member: "reference"] != nil {
                supplied[member.key.lowercased()] = .keyVaultReference
            }
        }
        return supplied
    }

    /// `outputs`: `{name: {type, value}}` (or a `copy` that builds the value), evaluated after the resources.
    func outputs(_ node: JSONValue?) -> Value {
        var members: [Value.Member] = []
        for output in node?.members ?? [] {
            var value: Value
            if let copy = output.value[member: "copy"] {
                value =
                    evaluator.propertyCopies([copyLoop(copy, named: output.key)], at: copy.position, bindsUnnamed: true).first?.value
                    ?? .null
            } else if let expression = output.value[member: "value"] {
                value = evaluator.evaluate(expression)
            } else {
                evaluator.report(
                    Diagnostic(
                        .invalidTemplate, .warning, at: evaluator.location(output.value.position),
                        "expected 'value' or 'copy' in output '\(output.key)'"))
                value = .unknown("[outputs('\(output.key)')]", reason: "the output has no value")
            }
            value = evaluator.bounded(
                value, "output '\(output.key)' is",
                in: TemplateEvaluator.Context(text: "[outputs('\(output.key)')]", location: evaluator.location(output.value.position)))
            let type = output.value[member: "type"]?.stringValue ?? "object"
            members.append(
                Value.Member(
                    key: output.key,
                    value: Value(
                        .object([
                            Value.Member(key: "type", value: .string(type)),
                            Value.Member(key: "value", value: value),
                        ]))))
        }
        return Value(.object(members))
    }

    /// An output's `copy: {count, input}` written as a property copy loop named after the output.
    private func copyLoop(_ copy: JSONValue, named name: String) -> JSONValue {
        var members = copy.members ?? []
        members.removeAll { $0.key.caseInsensitiveEquals("name") }
        members.append(JSONMember(key: "name", keyPosition: copy.position, value: JSONValue(.string(name), at: copy.position)))
        return JSONValue(.object(members), at: copy.position)
    }
}
