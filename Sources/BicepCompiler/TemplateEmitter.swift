import BicepSyntax
import SourceModel

/// Writes a languageVersion 1 ARM template from a semantic model, in the order and shape of the Bicep compiler's
/// `TemplateWriter`: `$schema`, `contentVersion`, `metadata`, `parameters`, `variables`, `resources`, `outputs`.
struct TemplateEmitter {
    let model: SemanticModel
    let converter: ExpressionConverter
    /// The templates of the file's modules, by resource index.
    let modules: [Int: ResolvedModule]
    /// Whether the template is languageVersion 2.0 (symbolic names), as ``SemanticModel/requiresSymbolicNames`` decides.
    let symbolicNames: Bool
    /// What the file's `import` declarations bring in.
    let imports: ImportedSymbols
    /// The file's `type` declarations, by name.
    let declaredTypes: [String: DeclaredType]
    var diagnostics: [Diagnostic] = []
    /// Set when a languageVersion 1 emission met what only 2.0 can express (the loader then emits 2.0).
    private(set) var needsLanguageVersion2 = false

    struct DeclaredType: Sendable {
        var type: TypeExpression
        var declaration: Declaration
    }

    /// The range for values that belong to the file as a whole.
    static let fileRange = SourceRange(
        start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1), startOffset: 0, endOffset: 0)

    init(
        model: SemanticModel, modules: [Int: ResolvedModule] = [:], reader: BicepFileReader? = nil, symbolicNames: Bool = false,
        imports: ImportedSymbols = ImportedSymbols()
    ) {
        self.model = model
        self.modules = modules
        self.symbolicNames = symbolicNames
        self.imports = imports
        var declaredTypes: [String: DeclaredType] = [:]
        for declaration in model.tree.declarations {
            if case .type(let name, let type) = declaration.kind {
                declaredTypes[name.name] = DeclaredType(type: type, declaration: declaration)
            }
        }
        self.declaredTypes = declaredTypes
        var converter = ExpressionConverter(model: model, reader: reader, symbolicNames: symbolicNames, imports: imports)
        for (index, module) in modules {
            guard case .template(let template) = module else { continue }
            let secure = (template[member: "outputs"]?.members ?? []).filter { output in
                guard case .string(let type)? = output.value[member: "type"]?.kind else { return false }
                return ["securestring", "secureobject"].contains(type.lowercased())
            }
            if !secure.isEmpty { converter.secureOutputs[index] = Set(secure.map(\.key)) }
        }
        self.converter = converter
    }

    var file: String { model.file }

    /// The template, or nil when a declaration could not be compiled (each failure is in ``diagnostics``).
    mutating func emit() -> TemplateValue? {
        if symbolicNames { return emitLanguageVersion2() }
        let range = Self.fileRange
        var members: [TemplateMember] = [
            member("$schema", .string(model.targetScope.schema), range),
            member("contentVersion", .string("1.0.0.0"), range),
        ]
        var metadata: [TemplateMember] = [
            member("_generator", .object([member("name", .string("bulwark"), range), member("version", .string("1"), range)]), range)
        ]
        var parameters: [TemplateMember] = []
        var variableCopies: [TemplateValue] = []
        var variables: [TemplateMember] = []
        var nestedResources: [TemplateValue] = []
        var resources: [TemplateValue] = []
        var deployments: [TemplateValue] = []
        var outputs: [TemplateMember] = []
        var failed = false
        for declaration in model.tree.declarations {
            do throws(CompileFailure) {
                try checkLanguageVersion(declaration)
                switch declaration.kind {
                case .metadata(let name, let metadataValue):
                    metadata.append(TemplateMember(key: name.name, value: try value(metadataValue, .empty), range: name.range))
                case .parameter(let parameter):
                    parameters.append(try emitParameter(parameter, declaration))
                case .variable(let variable):
                    guard !converter.inlinedVariables.contains(variable.name.name) else { continue }
                    if case .forLoop(let loop) = variable.value.kind {
                        variableCopies.append(try copyObject(name: variable.name.name, loop, .empty, range: variable.value.range))
                    } else {
                        variables.append(
                            TemplateMember(key: variable.name.name, value: try value(variable.value, .empty), range: variable.name.range))
                    }
                case .resource:
                    let emitted = try emitResources(declaration)
                    nestedResources += emitted.nested
                    if let topLevel = emitted.topLevel { resources.append(topLevel) }
                case .output(let output):
                    outputs.append(try emitOutput(output, declaration))
                case .module(let module):
                    if let index = model.topLevelResources[module.name.name] { deployments.append(try emitModule(index)) }
                case .targetScope, .type, .function, .compileTimeImport, .extension, .extensionConfig, .using, .extends,
                    .parameterAssignment:
                    break
                case .test, .assert:
                    throw .unsupported("test and assert declarations", at: declaration.range, in: file)
                }
            } catch {
                diagnostics.append(error.diagnostic)
                if error.needsLanguageVersion2 { needsLanguageVersion2 = true }
                failed = true
            }
        }
        members.append(member("metadata", .object(metadata), range))
        if !parameters.isEmpty { members.append(member("parameters", .object(parameters), range)) }
        if !variableCopies.isEmpty {
            variables.insert(member("copy", .array(variableCopies), range), at: 0)
        }
        do throws(CompileFailure) {
            variables.insert(contentsOf: try functionVariableMembers(), at: variableCopies.isEmpty ? 0 : 1)
        } catch {
            diagnostics.append(error.diagnostic)
            failed = true
        }
        if !variables.isEmpty { members.append(member("variables", .object(variables), range)) }
        members.append(member("resources", .array(nestedResources + resources + deployments), range))
        if !outputs.isEmpty { members.append(member("outputs", .object(outputs), range)) }
        return failed ? nil : TemplateValue(.object(members), range: range)
    }

    func member(_ key: String, _ kind: TemplateValue.Kind, _ range: SourceRange) -> TemplateMember {
        TemplateMember(key: key, value: TemplateValue(kind, range: range), range: range)
    }

    /// Refuses what only a languageVersion 2.0 template can express (the compiler switches to 2.0 for them).
    private func checkLanguageVersion(_ declaration: Declaration) throws(CompileFailure) {
        func refuse(_ what: String) -> CompileFailure {
            .needsLanguageVersion2(what, at: declaration.range, in: file)
        }
        switch declaration.kind {
        case .type: throw refuse("user-defined types")
        case .function: throw refuse("user-defined functions")
        case .compileTimeImport: throw refuse("compile-time imports")
        case .extension: throw refuse("extensions")
        case .variable(let variable) where variable.type != nil: throw refuse("typed variables")
        default: break
        }
        for decorator in declaration.decorators {
            if let name = decorator.name, ["sealed", "discriminator", "export"].contains(name) { throw refuse("@\(name)") }
        }
    }

    /// The ARM type name of a parameter or output type, for the types languageVersion 1 has.
    func typeName(_ type: TypeExpression) throws(CompileFailure) -> String {
        if case .name(let identifier) = type.kind, ["string", "int", "bool", "object", "array"].contains(identifier.name) {
            return identifier.name
        }
        if case .name(let identifier) = type.kind, model.symbols[identifier.name] == nil {
            throw CompileFailure(
                diagnostic: Diagnostic(
                    .unknownType, at: identifier.range.location(in: file),
                    "unknown type '\(identifier.name)': expected string, int, bool, object, array, any, or a declared or imported type"))
        }
        throw .unsupported("this type syntax (the compiler emits languageVersion 2.0 for it)", at: type.range, in: file)
    }
}
