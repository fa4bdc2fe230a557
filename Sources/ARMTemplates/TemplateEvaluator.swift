import SourceModel
import LocatedJSON
import PostureModel

/// Evaluates template values: JSON is copied into located ``Value``s and every `[...]` string is parsed and
/// evaluated. What cannot be known before deployment becomes an explicit unknown carrying the expression
/// text; malformed expressions and function errors are reported as ``Diagnostic``s and also become unknown.
///
/// One evaluator serves one template (its parameters, variables and functions); nested deployments with
/// inner scope get their own, sharing the ``EvaluationSession``.
final class TemplateEvaluator {
    let scope: TemplateScope
    let session: EvaluationSession
    let deploymentScope: DeploymentScope
    /// The index of each copy loop being expanded, by loop name; the resource's own loop is also under "".
    /// Unknown when the loop's count is known only at deployment.
    var copyIndices: [String: Value] = [:]
    /// Lambda parameters in scope, innermost last.
    var lambdaFrames: [[String: Value]] = []
    /// Parameters of the user-defined function being evaluated, which hide the template's.
    var functionParameters: [[String: Value]] = []
    /// Answers `reference()` for resources of the deployment; set by the expander.
    var references: ((ReferenceTarget) -> Value?)?

    init(scope: TemplateScope, session: EvaluationSession, deploymentScope: DeploymentScope) {
        self.scope = scope
        self.session = session
        self.deploymentScope = deploymentScope
    }

    var file: String { scope.file }
    var problems: [Diagnostic] { session.problems }

    func report(_ problem: Diagnostic) {
        session.report(problem)
    }

    func location(_ position: SourcePosition) -> SourceLocation {
        SourceLocation(file: file, position: position)
    }

    /// Evaluates a whole JSON subtree. Objects with a `copy` array build the arrays it describes.
    func evaluate(_ json: JSONValue) -> Value {
        switch json.kind {
        case .string(let text):
            return evaluateString(text, at: json.position)
        case .array(let elements):
            return Value(.array(elements.map(evaluate)), location: location(json.position))
        case .object(let members):
            var evaluated: [Value.Member] = []
            for member in members {
                if member.key.caseInsensitiveEquals("copy"), let loops = member.value.elements {
                    evaluated += propertyCopies(loops, at: member.value.position)
                } else {
                    evaluated.append(Value.Member(key: member.key, value: evaluate(member.value)))
                }
            }
            return Value(.object(evaluated), location: location(json.position))
        default:
            return Value(json: json, file: file)
        }
    }

    /// Evaluates one template string: a literal, a `[[`-escaped literal, or an expression.
    func evaluateString(_ text: String, at position: SourcePosition) -> Value {
        let here = location(position)
        guard text.hasPrefix("["), text.hasSuffix("]"), text.utf8.count >= 2 else {
            return Value(.string(text), location: here)
        }
        if text.hasPrefix("[[") {
            return Value(.string(String(text.dropFirst())), location: here)
        }
        let inner = String(text.dropFirst().dropLast())
        let expression: Expression
        do {
            expression = try ExpressionParser.parse(inner)
        } catch {
            // Point inside the string: one column for the opening quote, one for '['.
            let column = position.column + 2 + error.offset
            report(Diagnostic(
                .invalidExpression, .warning,
                at: SourceLocation(file: file, line: position.line, column: column),
                "invalid template expression: \(error.message)"
            ))
            return .unknown(text, reason: "the expression could not be parsed", at: here)
        }
        let context = Context(text: text, location: here).narrowed(to: expression)
        var value = evaluate(expression, in: context)
        value.location = here
        return value
    }

    struct Context {
        /// The whole template string, `[...]`, quoted in problems.
        var text: String
        var location: SourceLocation
        /// The sub-expression being evaluated. An unknown result records it in canonical form, so the same
        /// expression written twice gives the same symbolic value (a resource name and a `resourceId()` of it).
        /// It is rendered only when an unknown is made.
        var current: Expression?

        func narrowed(to expression: Expression) -> Context {
            var narrowed = self
            narrowed.current = expression
            return narrowed
        }

        func unknown(_ reason: String) -> Value {
            .unknown(current.map { "[" + $0.rendered + "]" } ?? text, reason: reason, at: location)
        }
    }

    func evaluate(_ expression: Expression, in context: Context) -> Value {
        switch expression {
        case .string(let text): return Value(.string(text), location: context.location)
        case .integer(let number): return Value(.integer(number), location: context.location)
        case .double(let number): return Value(.double(number), location: context.location)
        case .bool(let flag): return Value(.bool(flag), location: context.location)
        case .null: return Value(.null, location: context.location)
        case .call(let name, let arguments, _):
            guard session.spend(at: context.location) else { return context.unknown("evaluation stopped: too much work") }
            guard session.evaluationDepth < EvaluationSession.maximumEvaluationDepth else {
                report(Diagnostic(.invalidTemplate, at: context.location, "expressions nest deeper than \(EvaluationSession.maximumEvaluationDepth) levels in \(context.text)"))
                return context.unknown("evaluation nested too deeply")
            }
            session.evaluationDepth += 1
            defer { session.evaluationDepth -= 1 }
            return call(name, arguments, in: context.narrowed(to: expression))
        case .property(let base, let name):
            return member(of: evaluate(base, in: context), named: name, readsDeployedState: expression.readsDeployedState, in: context.narrowed(to: expression))
        case .index(let base, let index):
            let container = evaluate(base, in: context)
            let key = evaluate(index, in: context)
            return element(of: container, at: key, readsDeployedState: expression.readsDeployedState, in: context.narrowed(to: expression))
        }
    }

    /// `.name` on a value. On what `reference()` returned, a property the template does not set is known only
    /// once deployed; anywhere else a missing property is a template error, as in ARM.
    private func member(of container: Value, named name: String, readsDeployedState: Bool, in context: Context) -> Value {
        if let unknown = container.unknown { return context.unknown(unknown.reason) }
        guard container.members != nil else {
            report(Diagnostic(.invalidExpression, .warning, at: context.location, "'.\(name)' needs an object, found \(container.kindName) in \(context.text)"))
            return context.unknown("property access on a non-object")
        }
        if let value = container[member: name] { return value }
        if readsDeployedState { return context.unknown("'\(name)' is a property of the deployed resource, not set in the template") }
        report(Diagnostic(.invalidExpression, .warning, at: context.location, "the object has no property '\(name)' in \(context.text)"))
        return context.unknown("the object has no property '\(name)'")
    }

    private func element(of container: Value, at key: Value, readsDeployedState: Bool, in context: Context) -> Value {
        if let unknown = container.unknown ?? key.unknown { return context.unknown(unknown.reason) }
        if let elements = container.elements, let index = key.numberValue {
            guard index.rounded() == index, index >= 0, index < Double(elements.count) else {
                report(Diagnostic(.invalidExpression, .warning, at: context.location, "index \(key.displayText) is not a position in an array of \(elements.count) in \(context.text)"))
                return context.unknown("index out of range")
            }
            return elements[Int(index)]
        }
        if container.members != nil, let name = key.stringValue {
            return member(of: container, named: name, readsDeployedState: readsDeployedState, in: context)
        }
        report(Diagnostic(.invalidExpression, .warning, at: context.location, "cannot index \(container.kindName) with \(key.kindName) in \(context.text)"))
        return context.unknown("invalid index")
    }
}

extension Expression {
    /// True for `reference(...)...` and `references(...)...` chains: their missing properties are runtime state.
    var readsDeployedState: Bool {
        switch self {
        case .call(let name, _, _): ["reference", "references"].contains(name.lowercased())
        case .property(let base, _), .index(let base, _): base.readsDeployedState
        default: false
        }
    }
}
