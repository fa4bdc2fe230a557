import HCLSyntax
import SourceModel
import TerraformModel

/// One instance of a module (the root, or one `module` call's instance): its variables' values, and its locals,
/// resources, module calls and outputs evaluated lazily and once each, so that references work whatever the order
/// of the files and blocks, and a cycle of references is found and reported instead of recursing.
final class ModuleInstance: TerraformReferenceResolving {
    /// How long a chain of references (across modules) may be before evaluation stops following it: each link is
    /// a nested call, and test and task threads have small stacks.
    static let maximumReferenceChain = 80

    let session: EvaluationSession
    let declarations: ModuleDeclarations
    /// The module path of the instances: empty for the root, `module.a["k"].module.b` below.
    let address: String
    /// The module's key in `.terraform/modules/modules.json`: empty for the root, `a.b` below.
    let moduleKey: String
    /// The folders of the modules calling this one, root first, this one last.
    let callStack: [String]
    let variables: [String: TerraformValue]

    private var cache: [String: TerraformValue] = [:]
    private var inProgress: [(key: String, range: HCLSourceRange)] = []
    var instancesByResource: [String: [TerraformResourceInstance]] = [:]
    var children: [String: [ModuleInstance]] = [:]

    init(
        session: EvaluationSession, declarations: ModuleDeclarations, address: String, moduleKey: String, callStack: [String],
        variables: [String: TerraformValue]
    ) {
        self.session = session
        self.declarations = declarations
        self.address = address
        self.moduleKey = moduleKey
        self.callStack = callStack
        self.variables = variables
    }

    /// An evaluator for this module's expressions: `var`, `path` and `terraform` bound, other names resolved here.
    var evaluator: ExpressionEvaluator {
        let directory = declarations.directory
        let path = TerraformValue.object([
            "module": .string(directory), "root": .string(session.rootDirectory), "cwd": .string(session.rootDirectory),
        ])
        var evaluator = ExpressionEvaluator(
            bindings: ["var": .object(variables), "path": path, "terraform": .object(["workspace": .string("default")])],
            references: self, functions: session.functions,
            context: TerraformFunctionContext(moduleDirectory: directory, rootDirectory: session.rootDirectory), sink: session.sink,
            budget: session.budget)
        evaluator.noteFileRead = { [session] file in session.noteFileRead(file) }
        return evaluator
    }

    /// Evaluates everything the module declares, in declaration order.
    func evaluateAll() {
        for name in declarations.localOrder { _ = local(name, at: nil) }
        for declaration in declarations.declarations {
            switch declaration {
            case .resource(let resource): _ = resourceValue(resource)
            case .module(let call): _ = moduleValue(call)
            }
        }
        for name in declarations.outputOrder { _ = output(name) }
    }

    /// The resource and data source instances of this module and the modules it calls, in declaration order.
    func instances() -> [TerraformResourceInstance] {
        declarations.declarations.flatMap { declaration -> [TerraformResourceInstance] in
            switch declaration {
            case .resource(let resource): instancesByResource[resource.reference] ?? []
            case .module(let call): (children[call.name] ?? []).flatMap { $0.instances() }
            }
        }
    }

    // MARK: References

    func resolve(_ path: [String], at range: HCLSourceRange) -> Traversed? {
        switch path[0] {
        case "local":
            guard path.count >= 2 else { return Traversed(value: allLocals(), computedReason: nil) }
            return Traversed(value: local(path[1], at: range), computedReason: nil)
        case "module":
            guard path.count >= 2 else { return nil }
            guard let call = declarations.moduleCalls[path[1]] else {
                return missing("there is no module call named \"\(path[1])\" in this module", at: range)
            }
            return Traversed(value: moduleValue(call), computedReason: nil)
        case "data":
            guard path.count >= 3 else { return nil }
            guard let resource = declarations.resources["data.\(path[1]).\(path[2])"] else {
                return missing("there is no data \"\(path[1])\" \"\(path[2])\" block in this module", at: range)
            }
            return Traversed(value: resourceValue(resource), computedReason: Self.dataSourceReason)
        default:
            guard path.count >= 2 else { return nil }
            if let resource = declarations.resources["\(path[0]).\(path[1])"] {
                return Traversed(value: resourceValue(resource), computedReason: "known after apply")
            }
            if declarations.resourceTypes.contains(path[0]) || path[0].contains("_") {
                return missing("there is no resource \"\(path[0])\" \"\(path[1])\" in this module", at: range)
            }
            return nil
        }
    }

    static let dataSourceReason = "a data source, read at apply"

    /// A reference to something the module does not declare: a warning, and the value unknown.
    private func missing(_ message: String, at range: HCLSourceRange) -> Traversed {
        session.sink.report(
            .terraformUndeclaredReference, .warning, at: range,
            message + "; Terraform refuses this, and the scan goes on with the value unknown")
        return Traversed(value: .unknown("(missing)", reason: "not declared: \(message)", at: range.location), computedReason: nil)
    }

    func local(_ name: String, at range: HCLSourceRange?) -> TerraformValue {
        guard let attribute = declarations.locals[name] else {
            let message = "there is no local value named \"\(name)\" in this module"
            if let range { session.sink.report(.terraformUnsupportedAttribute, at: range, message) }
            return .unknown("local.\(name)", reason: "not evaluated: \(message)")
        }
        return memoized("local.\(name)", declaredAt: attribute.name.range) { evaluator.evaluate(attribute.value) }
    }

    private func allLocals() -> TerraformValue {
        var members: [String: TerraformValue] = [:]
        for name in declarations.localOrder { members[name] = local(name, at: nil) }
        return .object(members)
    }

    func output(_ name: String) -> TerraformValue {
        guard let block = declarations.outputs[name] else { return .null }
        return memoized("output.\(name)", declaredAt: block.type.range) {
            guard let expression = block.body.attribute("value")?.value else {
                session.sink.report(.terraformInvalidBlock, at: block.type.range, "output \"\(name)\" needs a value argument")
                return .null
            }
            let value = evaluator.evaluate(expression)
            let sensitive = block.body.attribute("sensitive").map { evaluator.evaluate($0.value).asBool == true } ?? false
            return value.sensitive(if: sensitive)
        }
    }

    /// The value for `key`, computed once; a key met again while it is being computed is a cycle, reported with
    /// every name in it and where each is declared.
    func memoized(_ key: String, declaredAt range: HCLSourceRange, _ compute: () -> TerraformValue) -> TerraformValue {
        if let value = cache[key] { return value }
        if let start = inProgress.firstIndex(where: { $0.key == key }) {
            let cycle = inProgress[start...]
            let chain = cycle.map { "\($0.key) (\($0.range.location))" }.joined(separator: " → ") + " → \(key)"
            session.sink.report(
                .terraformReferenceCycle, at: cycle.first?.range ?? range,
                "\(cycle.map(\.key).joined(separator: ", ")) refer to each other in a cycle: \(chain); Terraform refuses this")
            return .unknown(key, reason: "part of a reference cycle")
        }
        guard session.referencesInProgress < Self.maximumReferenceChain else {
            session.sink.report(
                .terraformReferenceCycle, at: range,
                "references chain more than \(Self.maximumReferenceChain) deep at \(key); evaluation stops here")
            return .unknown(key, reason: "a chain of references too long to follow")
        }
        inProgress.append((key, range))
        session.referencesInProgress += 1
        let value = compute()
        session.referencesInProgress -= 1
        inProgress.removeLast()
        cache[key] = value
        return value
    }
}
