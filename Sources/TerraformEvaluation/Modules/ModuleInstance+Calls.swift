import HCLSyntax
import TerraformModel

extension ModuleInstance {
    /// A module call's value as references see it: an object of its outputs (a tuple or object of them for
    /// `count` or `for_each`), its instances evaluated on the way.
    func moduleValue(_ call: ModuleDeclarations.ModuleCall) -> TerraformValue {
        memoized("module.\(call.name)", declaredAt: call.block.type.range) { evaluateCall(call) }
    }

    private func evaluateCall(_ call: ModuleDeclarations.ModuleCall) -> TerraformValue {
        let reference = "module.\(call.name)"
        let location = call.block.range.location
        let directory: String
        switch sourceDirectory(of: call) {
        case .success(let found): directory = found
        case .failure(let problem): return .unknown(reference, reason: problem.reason, at: location)
        }
        let key = moduleKey.isEmpty ? call.name : moduleKey + "." + call.name
        if callStack.contains(directory) {
            session.sink.report(
                .terraformModuleNesting, at: call.block.type.range,
                "module \"\(call.name)\" calls the folder \(directory), which is already being evaluated above it: a module can't call itself"
            )
            return .unknown(reference, reason: "a module calling itself", at: location)
        }
        guard callStack.count < EvaluationSession.maximumModuleDepth else {
            session.sink.report(
                .terraformModuleNesting, at: call.block.type.range,
                "modules nest deeper than \(EvaluationSession.maximumModuleDepth) levels here; module \"\(call.name)\" is not evaluated")
            return .unknown(reference, reason: "modules nested too deeply", at: location)
        }
        let childDeclarations = session.declarations(of: directory)
        let expansion = InstanceExpansion.of(call.block, evaluator: evaluator)
        var outputs: [(key: TerraformResourceInstance.InstanceKey?, value: TerraformValue)] = []
        for expanded in expansion.instances {
            var scoped = evaluator
            for (name, value) in expanded.bindings {
                scoped = scoped.binding(name, to: value, computedReason: name == "each" ? expanded.computedReason : nil)
            }
            let child = ModuleInstance(
                session: session, declarations: childDeclarations,
                address: (address.isEmpty ? "" : address + ".") + reference + (expanded.key?.description ?? ""), moduleKey: key,
                callStack: callStack + [directory], variables: arguments(of: call, to: childDeclarations, evaluator: scoped))
            child.evaluateAll()
            children[call.name, default: []].append(child)
            var members: [String: TerraformValue] = [:]
            for name in childDeclarations.outputOrder { members[name] = child.output(name) }
            outputs.append((expanded.key, .object(members, at: location)))
        }
        switch expansion.kind {
        case .single: return outputs.first?.value ?? .null
        case .counted: return .tuple(outputs.map(\.value), at: location)
        case .keyed:
            var members: [String: TerraformValue] = [:]
            for (key, value) in outputs { if case .key(let name) = key { members[name] = value } }
            return .object(members, at: location)
        case .unknown(let unknown): return .unknown(reference, reason: unknown.reason, at: location)
        }
    }

    /// Why a module's folder is not available, as its unknown outputs say.
    private struct SourceProblem: Error {
        var reason: String
    }

    /// The folder a module call's source names: a local path relative to this module, or the folder
    /// `terraform init` installed a registry or git source in; a failure, with a diagnostic, when there is none.
    private func sourceDirectory(of call: ModuleDeclarations.ModuleCall) -> Result<String, SourceProblem> {
        guard let sourceAttribute = call.block.body.attribute("source") else {
            session.sink.report(.terraformInvalidBlock, at: call.block.type.range, "module \"\(call.name)\" needs a source argument")
            return .failure(SourceProblem(reason: "the module block has no source"))
        }
        guard case .template(let template) = sourceAttribute.value.kind, let source = template.literalValue else {
            session.sink.report(
                .terraformInvalidBlock, at: sourceAttribute.value.range, "a module source must be a literal string, not an expression")
            return .failure(SourceProblem(reason: "the module source is not a literal string"))
        }
        if source.hasPrefix("./") || source.hasPrefix("../") || source == "." || source == ".." {
            let directory = FolderPath.join(declarations.directory, source)
            guard FolderPath.isDirectory(directory) else {
                session.sink.report(
                    .terraformModuleSourceNotFound, at: sourceAttribute.value.range,
                    "module \"\(call.name)\": the source \"\(source)\" is not a folder (looked for \(directory))")
                return .failure(SourceProblem(reason: "the module source folder does not exist"))
            }
            return .success(directory)
        }
        let key = moduleKey.isEmpty ? call.name : moduleKey + "." + call.name
        if let installed = session.installedModules[key], FolderPath.isDirectory(installed) {
            return .success(FolderPath.normalize(installed))
        }
        session.sink.report(
            .moduleNotInstalled, .warning, at: sourceAttribute.value.range,
            "module \"\(call.name)\" comes from \"\(source)\", which is not installed: run `terraform init` in "
                + "\(session.rootDirectory) and scan again; until then its resources are not seen and its outputs are unknown")
        return .failure(SourceProblem(reason: "module not installed (run terraform init)"))
    }

    /// The values a module call gives the called module's variables.
    private func arguments(of call: ModuleDeclarations.ModuleCall, to child: ModuleDeclarations, evaluator: ExpressionEvaluator)
        -> [String: TerraformValue]
    {
        var given: [String: TerraformValue] = [:]
        let declared = Set(child.variables.map(\.name))
        for attribute in call.block.body.attributes where !BodyEvaluation.moduleMetaArguments.contains(attribute.name.text) {
            guard declared.contains(attribute.name.text) else {
                session.sink.report(
                    .terraformUnsupportedAttribute, at: attribute.name.range,
                    "module \"\(call.name)\" has no variable named \"\(attribute.name.text)\"")
                continue
            }
            given[attribute.name.text] = evaluator.evaluate(attribute.value)
        }
        let values = VariableValues(session: session)
        let constants = session.constants(moduleDirectory: child.directory)
        var result: [String: TerraformValue] = [:]
        for variable in child.variables {
            result[variable.name] = values.value(
                for: variable, given: given[variable.name], constants: constants, isRoot: false, callRange: call.block.type.range)
        }
        return result
    }
}
