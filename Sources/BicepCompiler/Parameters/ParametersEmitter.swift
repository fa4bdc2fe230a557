import BicepSyntax
import SourceModel

/// Lowers a `.bicepparam` file to the ARM template that computes its values: the file's `var`s as `variables`, each
/// `param` value as an output. Compile-time functions are applied first (`readEnvironmentVariable`), and what only a
/// deployment knows is refused, so that evaluating the outputs gives what the compiler writes.
struct ParametersEmitter {
    let tree: SyntaxTree
    let options: BicepCompileOptions
    /// The values of the file's `extends` base, as `base` reads them; nil when the file extends nothing.
    let base: TemplateValue?
    private var diagnostics: [Diagnostic] = []
    /// The `externalInput(kind, config?)` calls met so far, in file order.
    private var externalInputs: [BicepExternalInput] = []

    /// The variable that holds the base file's values in the evaluation template (`base.x` reads it).
    static let baseVariable = "base"

    init(tree: SyntaxTree, options: BicepCompileOptions, base: TemplateValue? = nil) {
        self.tree = tree
        self.options = options
        self.base = base
    }

    var file: String { tree.file }

    mutating func compile() -> BicepParametersCompilation {
        var templatePath: String?
        var declarations: [Declaration] = []
        var assignments: [BicepParameterAssignment] = []
        var assigned: [String: SourceRange] = [:]
        for declaration in tree.declarations {
            var compiled = declaration
            do throws(CompileFailure) {
                switch declaration.kind {
                case .using(let using):
                    guard let literal = using.path else { break }
                    guard let relative = literal.value else {
                        throw .invalid("expected a 'using' path without interpolation", at: literal.range, in: file)
                    }
                    let lower = relative.lowercased()
                    let isRegistry = ["br:", "br/", "ts:", "ts/"].contains { lower.hasPrefix($0) }
                    templatePath = isRegistry ? relative : BicepPath.resolve(relative, from: file)
                case .variable(var variable):
                    variable.value = try compileTime(variable.value)
                    compiled.kind = .variable(variable)
                case .parameterAssignment(let name, let value):
                    if let first = assigned[name.name] {
                        throw CompileFailure(
                            diagnostic: Diagnostic(
                                .duplicateSymbol, at: name.range.location(in: file),
                                "'\(name.name)' is assigned more than once: expected one 'param \(name.name) = ...', found another at \(first.start)"
                            ))
                    }
                    assigned[name.name] = name.range
                    let secret = try secretArguments(value)
                    if let secret {
                        var items: [ArrayItem] = []
                        for argument in secret { items.append(.element(try compileTime(argument))) }
                        compiled.kind = .parameterAssignment(name: name, value: Expression(.array(items), range: value.range))
                    } else {
                        // Values may name other parameters (`param b = a ? 1 : 2`): each is also a variable.
                        compiled.kind = .variable(VariableDeclaration(name: name, type: nil, value: try compileTime(value)))
                    }
                    assignments.append(
                        BicepParameterAssignment(
                            name: name.name, nameRange: name.range, valueRange: value.range, isKeyVaultReference: secret != nil))
                case .extends:
                    guard base != nil else {
                        throw .unsupported(
                            "'extends' without the base file's values (compile it with its base)", at: declaration.range, in: file)
                    }
                    // `base` names the base file's values: a variable whose value is set once the template is written.
                    let placeholder = Expression(.null, range: declaration.range)
                    let name = Identifier(Self.baseVariable, range: declaration.range)
                    compiled.kind = .variable(VariableDeclaration(name: name, type: nil, value: placeholder))
                default: break
                }
            } catch {
                diagnostics.append(error.diagnostic)
                compiled = declaration
            }
            declarations.append(compiled)
        }
        var lowered = tree
        lowered.declarations = declarations
        let model = SemanticModel(tree: lowered)
        diagnostics += model.diagnostics
        let template = diagnostics.contains { $0.severity == .error } ? nil : emit(model, assignments)
        var compilation = BicepParametersCompilation(
            evaluationTemplate: template, assignments: assignments, templatePath: templatePath, diagnostics: diagnostics)
        compilation.externalInputs = externalInputs
        return compilation
    }

    /// The file's template as a `.bicep` file's would be (its `var`s, with what its `import`s, `type`s and `func`s
    /// bring, in languageVersion 2.0 where those need it), plus one output per assigned parameter; nil when a value
    /// cannot be lowered. A parameter's output is `[variables('name')]`, its value a variable; a Key Vault
    /// reference's, its arguments.
    private mutating func emit(_ model: SemanticModel, _ assignments: [BicepParameterAssignment]) -> TemplateValue? {
        var imports = ImportedSymbols()
        let aliases = ModuleAliases.nearest(to: file, reader: options.reader)
        if model.tree.declarations.contains(where: { if case .compileTimeImport = $0.kind { true } else { false } }) {
            let loader = ModuleLoader(options: options, chain: [BicepPath.normalize(file)])
            let (resolved, found) = loader.resolveImports(model, aliases: aliases)
            diagnostics += found
            guard !found.contains(where: { $0.severity == .error }) else { return nil }
            imports = resolved
        }
        let symbolicNames = aliases.symbolicNameCodegen || model.requiresSymbolicNames(modules: [:])
        var emitter = TemplateEmitter(model: model, reader: options.reader, symbolicNames: symbolicNames, imports: imports)
        var emitted = emitter.emit()
        if emitted == nil, emitter.needsLanguageVersion2 {
            emitter = TemplateEmitter(model: model, reader: options.reader, symbolicNames: true, imports: imports)
            emitted = emitter.emit()
        }
        diagnostics += emitter.diagnostics
        guard let template = emitted, case .object(var members) = template.kind else { return nil }
        let range = TemplateEmitter.fileRange
        var secrets: [String: TemplateValue] = [:]
        var failed = false
        for declaration in model.tree.declarations {
            guard case .parameterAssignment(let name, let value) = declaration.kind else { continue }
            do throws(CompileFailure) {
                secrets[name.name] = try emitter.value(value, .empty)
            } catch {
                diagnostics.append(error.diagnostic)
                failed = true
            }
        }
        guard !failed else { return nil }
        var outputs: [TemplateMember] = []
        for assignment in assignments {
            let value =
                secrets[assignment.name]
                ?? TemplateValue(
                    .string(ARMExpression.function("variables", .string(assignment.name)).templateString), range: assignment.valueRange)
            let output = TemplateMember(key: "value", value: value, range: assignment.valueRange)
            outputs.append(
                TemplateMember(
                    key: assignment.name, value: TemplateValue(.object([output]), range: assignment.valueRange), range: assignment.nameRange
                ))
        }
        if let base { members = Self.settingBase(base, in: members) }
        members.removeAll { $0.key == "outputs" }
        members.append(emitter.member("outputs", .object(outputs), range))
        return TemplateValue(.object(members), range: range)
    }

    /// The template's members with the `base` variable set to the base file's values, each string escaped so that ARM
    /// reads it as text, never as an expression (`[x]` becomes `[[x]`).
    private static func settingBase(_ base: TemplateValue, in members: [TemplateMember]) -> [TemplateMember] {
        func literal(_ value: TemplateValue) -> TemplateValue {
            switch value.kind {
            case .string(let text) where text.hasPrefix("["): TemplateValue(.string("[" + text), range: value.range)
            case .array(let items): TemplateValue(.array(items.map(literal)), range: value.range)
            case .object(let items):
                TemplateValue(
                    .object(items.map { TemplateMember(key: $0.key, value: literal($0.value), range: $0.range) }), range: value.range)
            default: value
            }
        }
        return members.map { member in
            guard member.key == "variables", case .object(let variables) = member.value.kind else { return member }
            let set = variables.map { variable in
                variable.key == baseVariable ? TemplateMember(key: variable.key, value: literal(base), range: variable.range) : variable
            }
            return TemplateMember(key: member.key, value: TemplateValue(.object(set), range: member.value.range), range: member.range)
        }
    }

    /// The arguments of `getSecret(subscription, group, vault, secret, version?)` (or `az.getSecret`) when it is the
    /// whole value; nil for any other value.
    private func secretArguments(_ value: Expression) throws(CompileFailure) -> [Expression]? {
        guard case .call(let call) = value.kind, Self.isSecret(call) else { return nil }
        guard (4...5).contains(call.arguments.count) else {
            throw .invalid(
                "expected getSecret(subscriptionId, resourceGroupName, keyVaultName, secretName, secretVersion?), found \(call.arguments.count) arguments",
                at: value.range, in: file)
        }
        return call.arguments
    }

    private static func isSecret(_ call: FunctionCall) -> Bool {
        call.name.name == "getSecret" && (call.base == nil || call.namespace == "az")
    }

    /// The expression with compile-time functions applied, and what only a deployment knows refused.
    private mutating func compileTime(_ expression: Expression) throws(CompileFailure) -> Expression {
        var found = externalInputs
        defer { externalInputs = found }
        return try expression.rewritingCalls { (call, range) throws(CompileFailure) -> Expression? in
            guard call.base == nil || call.namespace == "sys" || call.namespace == "az" else { return nil }
            let name = call.name.name
            if name == "readEnvironmentVariable" { return try environmentVariable(call, range) }
            if Self.isSecret(call) {
                throw .invalid(
                    "expected getSecret(...) as the whole value of a parameter, found it inside an expression", at: range, in: file)
            }
            if name == "externalInput" {
                let input = try externalInput(call, range, index: found.count)
                found.append(input)
                // Renamed to the name ARM's externalInputs() reads; the converter writes `externalInputs('kind_N')`.
                let literal = StringLiteral(segments: [input.name], interpolations: [], isMultiLine: false, range: range)
                var renamed = call
                renamed.arguments = [Expression(.string(literal), range: call.arguments[0].range)]
                return Expression(.call(renamed), range: range)
            }
            if ["utcNow", "newGuid"].contains(name) || KnownFunctions.azure.contains(name) || KnownFunctions.isListFunction(name) {
                throw CompileFailure(
                    diagnostic: Diagnostic(
                        .notCompileTime, at: range.location(in: file),
                        "expected a value the compiler can compute, found '\(name)(...)', which only a deployment knows: .bicepparam values are evaluated while compiling"
                    ))
            }
            return nil
        }
    }

    /// `externalInput(kind, config?)`: a value the deployment tooling supplies, named `kind_N` (`N` counting the
    /// calls of the file), as the compiler names it in `externalInputDefinitions`.
    private func externalInput(_ call: FunctionCall, _ range: SourceRange, index: Int) throws(CompileFailure) -> BicepExternalInput {
        guard (1...2).contains(call.arguments.count) else {
            throw .invalid("expected externalInput(kind, config?), found \(call.arguments.count) arguments", at: range, in: file)
        }
        guard case .string(let literal) = call.arguments[0].kind, let kind = literal.value else {
            throw .invalid("expected a string literal as the kind of externalInput(kind, config?)", at: call.arguments[0].range, in: file)
        }
        var config: TemplateValue?
        if call.arguments.count == 2 {
            config = try TemplateEmitter(model: SemanticModel(tree: tree), reader: options.reader).value(call.arguments[1], .empty)
        }
        return BicepExternalInput(name: "\(kind)_\(index)", kind: kind, config: config, range: range)
    }

    /// `readEnvironmentVariable(name, default?)`: the variable's text from the environment, else the default.
    private func environmentVariable(_ call: FunctionCall, _ range: SourceRange) throws(CompileFailure) -> Expression {
        guard (1...2).contains(call.arguments.count) else {
            throw .invalid("expected readEnvironmentVariable(name, default?), found \(call.arguments.count) arguments", at: range, in: file)
        }
        guard case .string(let literal) = call.arguments[0].kind, let variable = literal.value else {
            throw .unsupported("a readEnvironmentVariable name that is not a string literal", at: call.arguments[0].range, in: file)
        }
        if let value = options.environment(variable) {
            return Expression(.string(StringLiteral(segments: [value], interpolations: [], isMultiLine: false, range: range)), range: range)
        }
        if call.arguments.count == 2 { return call.arguments[1] }
        throw CompileFailure(
            diagnostic: Diagnostic(
                .unsetEnvironmentVariable, at: range.location(in: file),
                "expected the environment variable '\(variable)' to be set, found it unset and no default (readEnvironmentVariable('\(variable)', 'default') gives one)"
            ))
    }
}
