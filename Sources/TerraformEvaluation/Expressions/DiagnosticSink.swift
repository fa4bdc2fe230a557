import HCLSyntax
import SourceModel
import TerraformModel

/// Collects the diagnostics of one evaluation. Shared by reference between the evaluators of one run (which is
/// synchronous and on one thread); `can()` and `try()` give their argument a sink of its own.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<Diagnostic> = []

    var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// Records `diagnostic` once: a module or resource evaluated again reports nothing new.
    func report(_ diagnostic: Diagnostic) {
        if seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    func report(_ code: Diagnostic.Code, _ severity: Diagnostic.Severity = .error, at range: HCLSourceRange, _ message: String) {
        report(Diagnostic(code, severity, at: range.location, message))
    }
}

/// How many expressions one evaluation of a root module may evaluate in all, so that a configuration that
/// multiplies work (`for` inside `for` over large collections) ends with an error instead of running for hours.
/// The largest root module of the corpus evaluates about 1,600 expressions.
final class EvaluationBudget {
    static let defaultSteps = 1_000_000

    private(set) var remaining: Int
    private(set) var isExhausted = false

    init(steps: Int = EvaluationBudget.defaultSteps) {
        remaining = steps
    }

    /// Spends one step; false once none are left (the first time, `isExhausted` turns true).
    func spend() -> Bool {
        remaining -= 1
        if remaining >= 0 { return true }
        isExhausted = true
        return false
    }
}

/// A value and whether it comes from a resource or data source, whose attributes that the configuration does not
/// write are computed by the provider: reading one is an unknown, not an error.
struct Traversed {
    var value: TerraformValue
    /// Why an attribute the configuration does not write is unknown (`known after apply`), or nil when the value
    /// is not a resource's: then a missing attribute is an error.
    var computedReason: String?
}
