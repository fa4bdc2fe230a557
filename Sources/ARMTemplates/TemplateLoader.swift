import LocatedJSON
public import PostureModel

/// The resources of one template, and what went wrong while reading it.
public struct LoadedTemplate: Sendable {
    public var resources: [Resource]
    public var problems: [InputProblem]
}

/// Turns one ARM deployment template (and optionally its parameter file) into normalized resources.
///
/// Resource arrays at any nesting level and symbolic-name resources (languageVersion 2.0) are flattened
/// into full types and names. Values are evaluated where the template alone decides them; everything else
/// becomes an explicit unknown.
public struct TemplateLoader: Sendable {
    public init() {}

    /// - Parameters:
    ///   - template: the template document; must be a JSON object.
    ///   - parameters: a parameter file for it, if any.
    /// - Returns: the resources and every problem found. Never throws: problems are data.
    public func load(_ template: SourceDocument, parameters: SourceDocument? = nil) -> LoadedTemplate {
        let scope = TemplateScope(file: template.file)
        let evaluator = TemplateEvaluator(scope: scope)
        guard template.root.members != nil else {
            return LoadedTemplate(resources: [], problems: [InputProblem(
                .notATemplate, at: SourceLocation(file: template.file, position: template.root.position),
                "expected a template object with 'resources', found \(template.root.kindDescription)"
            )])
        }
        let given = readParameterFile(parameters, evaluator: evaluator)
        declareParameters(template.root[member: "parameters"], given: given, evaluator: evaluator)
        if let parameters, let given {
            for (key, entry) in given where scope.parameterDeclarations[key] == nil {
                evaluator.report(InputProblem(
                    .invalidParameterFile, .warning, at: SourceLocation(file: parameters.file, position: entry.position),
                    "parameter '\(entry.name)' is not declared in \(template.file); remove it or check its spelling"
                ))
            }
        }
        if let variables = template.root[member: "variables"]?.members {
            for variable in variables {
                if variable.key.caseInsensitiveEquals("copy") {
                    declareCopiedVariables(variable.value, evaluator: evaluator)
                } else {
                    scope.declareVariable(variable.key, definition: variable.value)
                }
            }
        }
        let deploymentScope = Self.deploymentScope(of: template.root)
        var walker = ResourceWalker(evaluator: evaluator, deploymentScope: deploymentScope)
        switch template.root[member: "resources"] {
        case nil:
            evaluator.report(InputProblem(
                .invalidTemplate, at: SourceLocation(file: template.file, position: template.root.position),
                "expected a 'resources' member in the deployment template"
            ))
        case let resources?:
            walker.walk(resources, parent: nil)
        }
        return LoadedTemplate(resources: walker.linkedResources(), problems: evaluator.problems)
    }

    struct GivenParameter {
        var name: String
        var position: SourcePosition
        var value: JSONValue?
        var isKeyVaultReference: Bool
        var file: String
    }

    private func readParameterFile(_ document: SourceDocument?, evaluator: TemplateEvaluator) -> [String: GivenParameter]? {
        guard let document else { return nil }
        let here = SourceLocation(file: document.file, position: document.root.position)
        guard let entries = document.root[member: "parameters"]?.members else {
            evaluator.report(InputProblem(.invalidParameterFile, at: here, "expected a parameter file with a 'parameters' object; its values were not used"))
            return nil
        }
        var given: [String: GivenParameter] = [:]
        for entry in entries {
            let value = entry.value[member: "value"]
            let reference = entry.value[member: "reference"]
            if value == nil, reference == nil {
                evaluator.report(InputProblem(
                    .invalidParameterFile, at: SourceLocation(file: document.file, position: entry.value.position),
                    "expected {\"value\": ...} or {\"reference\": ...} for parameter '\(entry.key)'"
                ))
                continue
            }
            given[entry.key.lowercased()] = GivenParameter(
                name: entry.key, position: entry.keyPosition, value: value, isKeyVaultReference: value == nil,
                file: document.file
            )
        }
        return given
    }

    private func declareParameters(_ declarations: JSONValue?, given: [String: GivenParameter]?, evaluator: TemplateEvaluator) {
        guard let declarations else { return }
        guard let members = declarations.members else {
            evaluator.report(InputProblem(.invalidTemplate, at: evaluator.location(declarations.position), "expected 'parameters' to be an object, found \(declarations.kindDescription)"))
            return
        }
        for declaration in members {
            let here = evaluator.location(declaration.value.position)
            let type = declaration.value[member: "type"]?.stringValue?.lowercased() ?? ""
            let slot: TemplateScope.Slot
            if type == "securestring" || type == "secureobject" {
                // Secret values are never read, so they can never reach a report or a log.
                slot = .resolved(.unknown("[parameters('\(declaration.key)')]", reason: "secure parameter values are not read", at: here))
            } else if let supplied = given?[declaration.key.lowercased()] {
                if supplied.isKeyVaultReference {
                    slot = .resolved(.unknown("[parameters('\(declaration.key)')]", reason: "the value is a Key Vault reference resolved at deployment", at: here))
                } else {
                    // Parameter file values are literals: they are not evaluated as expressions.
                    slot = .resolved(Value(json: supplied.value!, file: supplied.file))
                }
            } else if let defaultValue = declaration.value[member: "defaultValue"] {
                slot = .pending(defaultValue)
            } else {
                slot = .resolved(.unknown("[parameters('\(declaration.key)')]", reason: "required parameter '\(declaration.key)' has no value; pass a parameter file", at: here))
            }
            evaluator.scope.declareParameter(declaration.key, at: declaration.keyPosition, value: slot)
        }
    }

    /// `variables.copy` declares each named variable as an array built by a loop. Loops are expanded by a later
    /// version; until then each such variable is an explicit unknown.
    private func declareCopiedVariables(_ node: JSONValue, evaluator: TemplateEvaluator) {
        guard let loops = node.elements else {
            evaluator.report(InputProblem(.invalidTemplate, at: evaluator.location(node.position), "expected 'copy' in 'variables' to be an array of {name, count, input}"))
            return
        }
        for loop in loops {
            guard let name = loop[member: "name"]?.stringValue else {
                evaluator.report(InputProblem(.invalidTemplate, at: evaluator.location(loop.position), "expected a string 'name' in this variable copy loop"))
                continue
            }
            let unknown = Value.unknown("[variables('\(name)')]", reason: "variable copy loops are not expanded by this version of Bulwark", at: evaluator.location(loop.position))
            evaluator.scope.declareVariable(name, value: unknown)
        }
    }

    /// Resource-group templates deploy into `{resourceGroup}`; subscription-level ones into `{subscription}`.
    static func deploymentScope(of root: JSONValue) -> String {
        let schema = root[member: "$schema"]?.stringValue?.lowercased() ?? ""
        if schema.hasSuffix("subscriptiondeploymenttemplate.json#") { return ResourceID.deploymentSubscription }
        if schema.hasSuffix("tenantdeploymenttemplate.json#") { return "" }
        if schema.hasSuffix("managementgroupdeploymenttemplate.json#") { return "/providers/Microsoft.Management/managementGroups/{managementGroup}" }
        return ResourceID.deploymentResourceGroup
    }
}
