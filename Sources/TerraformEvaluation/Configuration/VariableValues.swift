import Foundation
import HCLSyntax
import LocatedJSON
import SourceModel
import TerraformModel

/// The values of a module's input variables: the root's from its `.tfvars` files and the inputs given, in
/// Terraform's precedence, and a called module's from its `module` block; each converted to its declared type.
struct VariableValues {
    let session: EvaluationSession

    /// A value given to `variable`, or nil: its final value, converted to the declared type, defaulted, marked
    /// sensitive, or unknown when there is none (reported as a note for the root, as an error for a module call).
    func value(
        for variable: ModuleDeclarations.Variable, given: TerraformValue?, constants: ExpressionEvaluator, isRoot: Bool,
        callRange: HCLSourceRange? = nil
    ) -> TerraformValue {
        var value = given
        if value?.isNull == true && !variable.isNullable { value = nil }
        if value == nil, let defaultExpression = variable.defaultExpression {
            value = constants.evaluate(defaultExpression)
        }
        guard var value else {
            let reference = "var.\(variable.name)"
            if isRoot {
                session.sink.report(
                    .terraformVariableUnset, .note, at: variable.block.type.range,
                    "variable \"\(variable.name)\" has no default and no value was given (use a .tfvars file or --var); it is unknown")
            } else {
                session.sink.report(
                    .terraformVariableUnset, at: callRange ?? variable.block.type.range,
                    "the module's variable \"\(variable.name)\" is required, and the module block gives it no value")
            }
            return .unknown(reference, reason: "no value given", at: variable.block.range.location)
                .sensitive(if: variable.isSensitive)
        }
        if variable.isSensitive { value = value.markedSensitive() }
        do {
            return try value.converted(to: variable.type)
        } catch {
            let location = value.location ?? variable.block.range.location
            session.sink.report(
                Diagnostic(
                    .terraformVariableType, at: location,
                    "the value for variable \"\(variable.name)\" is not a \(variable.type): \(error.description)"))
            return .unknown("var.\(variable.name)", reason: "not evaluated: the value is not a \(variable.type)", at: location)
        }
    }

    /// The root module's variables: defaults < `terraform.tfvars` < `terraform.tfvars.json` < `*.auto.tfvars(.json)`
    /// in name order < `inputs.files` in order < `inputs.assignments` in order.
    func rootValues(_ declarations: ModuleDeclarations, inputs: TerraformVariableInputs) -> [String: TerraformValue] {
        let directory = declarations.directory
        let constants = session.constants(moduleDirectory: directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var files = ["terraform.tfvars", "terraform.tfvars.json"].filter(names.contains).map { directory + "/" + $0 }
        files += names.filter { $0.hasSuffix(".auto.tfvars") || $0.hasSuffix(".auto.tfvars.json") }.sorted().map { directory + "/" + $0 }
        files += inputs.files
        let declared = Dictionary(declarations.variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var given: [String: TerraformValue] = [:]
        for file in files {
            for (name, value, range) in read(file, constants: constants) {
                guard declared[name] != nil else {
                    session.sink.report(
                        .terraformUndeclaredVariable, .warning, at: range,
                        "a value is given for \"\(name)\", but the root module declares no variable \"\(name)\"; it is ignored")
                    continue
                }
                given[name] = value
            }
        }
        for assignment in inputs.assignments {
            let location = SourceLocation(file: "--var \(assignment.name)", line: 1, column: 1)
            guard let variable = declared[assignment.name] else {
                session.sink.report(
                    Diagnostic(
                        .terraformUndeclaredVariable, .warning, at: location,
                        "--var \(assignment.name): the root module declares no variable \"\(assignment.name)\"; it is ignored"))
                continue
            }
            given[assignment.name] = assignmentValue(assignment, of: variable, location: location, constants: constants)
        }
        var values: [String: TerraformValue] = [:]
        for variable in declarations.variables {
            values[variable.name] = value(for: variable, given: given[variable.name], constants: constants, isRoot: true)
        }
        return values
    }

    /// `--var NAME=TEXT`: literal text for a variable with no type or a primitive one, an HCL expression otherwise.
    private func assignmentValue(
        _ assignment: TerraformVariableInputs.Assignment, of variable: ModuleDeclarations.Variable, location: SourceLocation,
        constants: ExpressionEvaluator
    ) -> TerraformValue {
        guard variable.readsAssignmentsAsHCL else { return .string(assignment.text, at: location) }
        guard let expression = JSONConfigurationReader.parseExpression(assignment.text, file: location.file, at: location.position) else {
            return .string(assignment.text, at: location)
        }
        return constants.evaluate(expression)
    }

    /// The assignments of one variables file, each with where it was written.
    private func read(_ file: String, constants: ExpressionEvaluator) -> [(String, TerraformValue, HCLSourceRange)] {
        guard let data = FileManager.default.contents(atPath: file) else {
            session.sink.report(Diagnostic(.fileNotFound, file: file, "the variables file \(file) cannot be read"))
            return []
        }
        session.noteFileRead(file)
        if file.hasSuffix(".json") {
            let json: JSONValue
            do { json = try JSONReader().read(Array(data)) } catch {
                session.sink.report(error.diagnostic(file: file))
                return []
            }
            guard let members = json.members else {
                session.sink.report(Diagnostic(.terraformInvalidBlock, file: file, "a .tfvars.json file holds a JSON object"))
                return []
            }
            return members.map { member in
                let range = HCLSourceRange(file: file, start: member.keyPosition, end: member.keyPosition, startOffset: 0, endOffset: 0)
                return (member.key, member.value.terraformValue(file: file), range)
            }
        }
        let parsed = HCLFile(parsing: Array(data), file: file)
        for diagnostic in parsed.diagnostics { session.sink.report(diagnostic) }
        for block in parsed.body.blocks {
            session.sink.report(.terraformInvalidBlock, at: block.type.range, "a variables file holds only name = value lines")
        }
        return parsed.body.attributes.map { ($0.name.text, constants.evaluate($0.value), $0.name.range) }
    }
}
