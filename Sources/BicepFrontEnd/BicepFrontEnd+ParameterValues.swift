import ARMTemplates
import Foundation
import BicepCompiler
import BicepSyntax
import LocatedJSON
import PostureModel
import SourceModel

/// A `.bicepparam` file's values, computed as the Bicep compiler computes them.
struct BicepParameterValues {
    /// The deployment parameters file as the compiler writes it (`$schema`, `contentVersion`, `parameters:
    /// {name: {value}}`, a `getSecret` as `{reference}`); nil when the file has errors.
    var document: TemplateValue?
    var problems: [Diagnostic]
    /// Each parameter the document assigns, with where it was assigned (an inherited one in its base file).
    var assigned: [AssignedParameter] = []

    /// The parameters as the ARM engine reads a parameter file: every value located in the `.bicepparam` file, so a
    /// finding about a value the file decides points at it.
    func parameterDocument(file: String) -> SourceDocument? {
        document.map { SourceDocument(file: file, root: $0.jsonValue) }
    }
}

extension BicepFrontEnd {
    /// Evaluates a `.bicepparam` file: the compiler lowers it to an ARM template whose outputs are its values, and the
    /// ARM engine evaluates them (functions, lambdas, variables, `load*` contents). A value only a deployment could
    /// know is an error naming it; `getSecret(...)` stays a Key Vault reference, whose value the engine treats as
    /// unknown. Given the template's JSON, each value is checked as the compiler checks it: a parameter the template
    /// does not declare, a value of the wrong type and a required parameter left out are errors.
    /// Syntax errors of the file are not repeated here: whoever read it reports them (see ``usingTarget(of:)``).
    /// A file with `extends` inherits its base file's assignments (evaluated first, on their own), overrides them with
    /// its own, and reads them as `base.name`.
    func evaluateParameters(_ source: BicepSource, template: JSONValue?, templateFile: String?, extending chain: [String] = [])
        -> BicepParameterValues
    {
        guard !source.tree.hasErrors else { return BicepParameterValues(document: nil, problems: []) }
        var inherited = InheritedParameters()
        if let extends = source.extendsDeclaration {
            inherited = inheritedParameters(extends.path, at: extends.range, of: source, chain: chain)
            if inherited.failed { return BicepParameterValues(document: nil, problems: inherited.problems) }
        }
        let compilation = BicepCompiler.compileParameters(source.tree, options: settings.compileOptions, base: inherited.values)
        var problems = inherited.problems + compilation.diagnostics
        guard let evaluation = compilation.evaluationTemplate else { return BicepParameterValues(document: nil, problems: problems) }
        let evaluated = TemplateLoader(context: context).evaluateOutputs(SourceDocument(file: source.file, root: evaluation.jsonValue))
        problems += evaluated.problems
        let values = Dictionary(evaluated.outputs.map { ($0.key, $0.value) }) { first, _ in first }
        var members: [TemplateMember] = []
        for assignment in compilation.assignments {
            guard let value = values[assignment.name] else { continue }
            let at = assignment.valueRange.location(in: source.file)
            if let external = Self.externalInputValue(assignment, compilation) {
                // Supplied by the deployment tooling: written as the expression that reads it, as the compiler does.
                members.append(TemplateMember(key: assignment.name, value: external, range: assignment.nameRange))
                continue
            }
            do throws(ParameterProblem) {
                let wrapped =
                    assignment.isKeyVaultReference
                    ? try Self.keyVaultReference(value, range: assignment.valueRange, at: at)
                    : TemplateValue(
                        .object([
                            TemplateMember(
                                key: "value", value: try Self.templateValue(value, assignment, at: at), range: assignment.valueRange)
                        ]),
                        range: assignment.valueRange)
                members.append(TemplateMember(key: assignment.name, value: wrapped, range: assignment.nameRange))
            } catch {
                problems.append(error.diagnostic)
            }
        }
        var assigned = compilation.assignments.map { assignment in
            AssignedParameter(
                name: assignment.name, nameAt: assignment.nameRange.location(in: source.file),
                valueAt: assignment.valueRange.location(in: source.file),
                isSuppliedAtDeployment: assignment.isKeyVaultReference || Self.readsExternalInput(assignment, compilation))
        }
        // Inherited assignments come first, in the base file's order, each replaced in place by the file's own.
        let inheritedNames = Set(inherited.members.map(\.key))
        let ownMembers = Dictionary(members.map { ($0.key, $0) }) { first, _ in first }
        let ownAssigned = Dictionary(assigned.map { ($0.name, $0) }) { first, _ in first }
        members =
            inherited.members.map { ownMembers[$0.key] ?? $0 } + members.filter { !inheritedNames.contains($0.key) }
        assigned =
            inherited.assigned.map { ownAssigned[$0.name] ?? $0 } + assigned.filter { !inheritedNames.contains($0.name) }
        if let template, let templateFile {
            problems += Self.check(members, assigned, against: template, templateFile: templateFile, source: source)
        }
        guard !problems.contains(where: { $0.severity == .error }) else { return BicepParameterValues(document: nil, problems: problems) }
        let range = SourceRange(
            start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1), startOffset: 0, endOffset: 0)
        func member(_ key: String, _ kind: TemplateValue.Kind) -> TemplateMember {
            TemplateMember(key: key, value: TemplateValue(kind, range: range), range: range)
        }
        let document = TemplateValue(
            .object(
                [
                    member("$schema", .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#")),
                    member("contentVersion", .string("1.0.0.0")),
                    member("parameters", .object(members)),
                ] + Self.externalInputDefinitions(compilation.externalInputs, range: range)), range: range)
        return BicepParameterValues(document: document, problems: problems, assigned: assigned)
    }

    /// The compiler's checks of assigned values against the template's `parameters`.
    private static func check(
        _ members: [TemplateMember], _ assignments: [AssignedParameter], against template: JSONValue, templateFile: String,
        source: BicepSource
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let declared = template[member: "parameters"]?.members ?? []
        let declarations = Dictionary(declared.map { ($0.key, $0.value) }) { first, _ in first }
        let template = templateFile.split(separator: "/").last.map(String.init) ?? templateFile
        for assignment in assignments {
            guard let declaration = declarations[assignment.name] else {
                problems.append(
                    Diagnostic(
                        .undeclaredParameter, at: assignment.nameAt,
                        "expected a parameter that \(template) declares, found '\(assignment.name)', which it does not declare"))
                continue
            }
            guard !assignment.isSuppliedAtDeployment, let type = declaration[member: "type"]?.stringValue,
                let value = members.first(where: { $0.key == assignment.name })?.value[member: "value"]
            else { continue }
            let at = assignment.valueAt
            if let found = mismatch(value, type: type) {
                problems.append(
                    Diagnostic(
                        .parameterTypeMismatch, at: at,
                        "expected a value of type \(type) for parameter '\(assignment.name)' (as \(template) declares it), found \(found)"))
            } else if let allowed = declaration[member: "allowedValues"]?.elements, let found = disallowed(value, allowed: allowed) {
                problems.append(
                    Diagnostic(
                        .parameterTypeMismatch, at: at,
                        "expected one of the @allowed values \(template) declares for parameter '\(assignment.name)', found \(found)"))
            }
        }
        let assigned = Set(assignments.map(\.name))
        let missing = declared.filter { declaration in
            !assigned.contains(declaration.key) && declaration.value[member: "defaultValue"] == nil
                && declaration.value[member: "nullable"]?.kind != .bool(true)
        }
        if !missing.isEmpty {
            let at =
                source.usingDeclaration.map { $0.range.location(in: source.file) } ?? SourceLocation(file: source.file, line: 1, column: 1)
            problems.append(
                Diagnostic(
                    .missingParameter, at: at,
                    "expected a value for every parameter of \(template) without a default, found none for \(missing.map { "'\($0.key)'" }.joined(separator: ", "))"
                ))
        }
        return problems
    }

    /// The value (or, for an array, its first element) that `allowed` does not list, as JSON text; nil when all are.
    private static func disallowed(_ value: TemplateValue, allowed: [JSONValue]) -> String? {
        func listed(_ item: TemplateValue) -> Bool {
            allowed.contains { candidate in
                switch (item.kind, candidate.kind) {
                case (.string(let left), .string(let right)): left == right
                case (.integer(let left), .integer(let right)): left == right
                case (.bool(let left), .bool(let right)): left == right
                case (.null, .null): true
                default: false
                }
            }
        }
        func text(_ item: TemplateValue) -> String { item.jsonText().trimmingCharacters(in: .whitespacesAndNewlines) }
        switch value.kind {
        case .array(let items): return items.first { !listed($0) }.map(text)
        case .object: return nil
        default: return listed(value) ? nil : text(value)
        }
    }

    /// What the value is, when it is not of the ARM parameter type `type`; nil when it is (or the type is unknown).
    private static func mismatch(_ value: TemplateValue, type: String) -> String? {
        let found: (String, Set<String>) =
            switch value.kind {
            case .null: ("null", [])
            case .bool: ("a bool", ["bool"])
            case .integer: ("an int", ["int"])
            case .string: ("a string", ["string", "securestring"])
            case .array: ("an array", ["array"])
            case .object: ("an object", ["object", "secureobject"])
            }
        let known: Set<String> = ["bool", "int", "string", "securestring", "array", "object", "secureobject"]
        guard known.contains(type.lowercased()), value.kind != .null else { return nil }
        return found.1.contains(type.lowercased()) ? nil : found.0
    }

    /// An evaluated value as the compiler writes it; an unknown anywhere in it is an error naming what is unknown.
    private static func templateValue(_ value: Value, _ assignment: BicepParameterAssignment, at: SourceLocation) throws(ParameterProblem)
        -> TemplateValue
    {
        let position = value.location.flatMap { $0.file == at.file ? $0.position : nil } ?? at.position
        let range = SourceRange(start: position, end: position, startOffset: 0, endOffset: 0)
        switch value.kind {
        case .null: return TemplateValue(.null, range: range)
        case .bool(let flag): return TemplateValue(.bool(flag), range: range)
        case .integer(let number): return TemplateValue(.integer(number), range: range)
        case .double(let number):
            guard let integer = Int64(exactly: number) else {
                throw ParameterProblem(
                    Diagnostic(
                        .unsupportedBicep, at: at, "not supported yet: a fractional number (\(number)) in parameter '\(assignment.name)'"))
            }
            return TemplateValue(.integer(integer), range: range)
        case .string(let text): return TemplateValue(.string(text), range: range)
        case .array(let items):
            var values: [TemplateValue] = []
            for item in items { values.append(try templateValue(item, assignment, at: at)) }
            return TemplateValue(.array(values), range: range)
        case .object(let members):
            var values: [TemplateMember] = []
            for member in members {
                values.append(TemplateMember(key: member.key, value: try templateValue(member.value, assignment, at: at), range: range))
            }
            return TemplateValue(.object(values), range: range)
        case .unknown(let unknown):
            throw ParameterProblem(
                Diagnostic(
                    .notCompileTime, at: at,
                    "expected a value the compiler can compute for parameter '\(assignment.name)', found \(unknown.expression) (\(unknown.reason))"
                ))
        }
    }

    /// `{"reference": {"keyVault": {"id": ...}, "secretName": ..., "secretVersion": ...}}` from getSecret's arguments.
    private static func keyVaultReference(_ value: Value, range: SourceRange, at: SourceLocation) throws(ParameterProblem) -> TemplateValue
    {
        let texts = value.elements?.compactMap(\.stringValue) ?? []
        guard texts.count == value.elements?.count, (4...5).contains(texts.count) else {
            throw ParameterProblem(
                Diagnostic(.notCompileTime, at: at, "expected getSecret arguments the compiler can compute: five strings, or four"))
        }
        func string(_ text: String) -> TemplateValue { TemplateValue(.string(text), range: range) }
        func member(_ key: String, _ value: TemplateValue) -> TemplateMember { TemplateMember(key: key, value: value, range: range) }
        let id = "/subscriptions/\(texts[0])/resourceGroups/\(texts[1])/providers/Microsoft.KeyVault/vaults/\(texts[2])"
        var reference = [
            member("keyVault", TemplateValue(.object([member("id", string(id))]), range: range)), member("secretName", string(texts[3])),
        ]
        if texts.count == 5 { reference.append(member("secretVersion", string(texts[4]))) }
        return TemplateValue(.object([member("reference", TemplateValue(.object(reference), range: range))]), range: range)
    }
}

/// A parameter a `.bicepparam` file assigns, and where: what the checks against the template report at.
struct AssignedParameter: Sendable {
    var name: String
    var nameAt: SourceLocation
    var valueAt: SourceLocation
    /// A Key Vault reference or an external input: a value no compiler sees, so its type is not checked.
    var isSuppliedAtDeployment: Bool
}

/// A parameter value that cannot be written.
struct ParameterProblem: Error {
    var diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
    }
}
