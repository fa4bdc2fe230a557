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

/// A value and whether it comes from a resource or data source, whose attributes that the configuration does not
/// write are computed by the provider: reading one is an unknown, not an error.
struct Traversed {
    var value: TerraformValue
    /// Why an attribute the configuration does not write is unknown (`known after apply`), or nil when the value
    /// is not a resource's: then a missing attribute is an error.
    var computedReason: String?
}
