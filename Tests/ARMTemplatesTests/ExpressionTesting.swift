@testable import ARMTemplates
import LocatedJSON
import SourceModel
import PostureModel

/// Evaluates one template string, such as "[concat('a', 'b')]", with optional parameters and variables given
/// as JSON, and returns the value and any problems reported.
enum ExpressionTesting {
    struct Outcome {
        var value: Value
        var problems: [Diagnostic]
    }

    static func evaluate(
        _ text: String, parameters: [String: String] = [:], variables: [String: String] = [:], context: DeploymentContext = .default
    ) throws -> Outcome {
        let scope = TemplateScope(file: "test.json")
        for (name, json) in parameters {
            scope.declareParameter(name, at: SourcePosition(line: 1, column: 1), value: .resolved(Value(json: try JSONReader().read(json), file: "test.json")))
        }
        for (name, json) in variables {
            scope.declareVariable(name, definition: try JSONReader().read(json))
        }
        let session = EvaluationSession(context: context)
        let evaluator = TemplateEvaluator(scope: scope, session: session, deploymentScope: DeploymentScope(level: .resourceGroup, context: context))
        let value = evaluator.evaluateString(text, at: SourcePosition(line: 1, column: 1))
        return Outcome(value: value, problems: evaluator.problems)
    }

    /// The value of an expression that must evaluate without problems, as compact JSON (`displayText`).
    static func json(_ text: String, parameters: [String: String] = [:]) throws -> String {
        let outcome = try evaluate(text, parameters: parameters)
        guard outcome.problems.isEmpty else { throw Failure(problems: outcome.problems) }
        return outcome.value.displayText
    }

    /// The message of the problem an expression must report.
    static func error(_ text: String, parameters: [String: String] = [:]) throws -> String? {
        try evaluate(text, parameters: parameters).problems.first?.message
    }

    struct Failure: Error, CustomStringConvertible {
        var problems: [Diagnostic]
        var description: String { problems.map(\.description).joined(separator: "\n") }
    }
}
