import SourceModel
import LocatedJSON
import PostureModel

/// State shared by every template of one expansion (the root and its nested deployments): the context,
/// the problems found, the resources produced, and the limits that stop a hostile template.
///
/// Used by one task at a time; deliberately not `Sendable`.
final class EvaluationSession {
    /// ARM's own limit on copy loops.
    static let maximumCopyCount: Int64 = 800
    /// Nested deployments deeper than this are refused (ARM allows 64 levels of nested deployments).
    static let maximumDeploymentDepth = 64
    /// Expression evaluation deeper than this (variables, user functions, lambdas calling each other) stops.
    static let maximumEvaluationDepth = 256
    /// Function calls in one expansion; a template needing more is refused rather than left to hang.
    static let maximumWork = 5_000_000

    let context: DeploymentContext
    /// The files of the document being expanded besides its own (``SourceDocument/includedFiles``).
    var includedFiles: [String] = []
    private(set) var diagnostics = DiagnosticCollector()
    var problems: [Diagnostic] { diagnostics.diagnostics }
    var resources: [Resource] = []
    /// Resources whose `condition` is false: listed by `bulwark expand`, never judged.
    var skipped: [Resource] = []
    private(set) var work = 0
    private(set) var exhausted = false
    /// Bytes measured so far, against ``EvaluationLimits/maximumSessionBytes``.
    private(set) var measuredBytes = 0
    /// The size of every resource deployed, for the warning on ARM's 4 MB limit of an expanded template.
    var expandedBytes = 0
    var evaluationDepth = 0

    init(context: DeploymentContext) {
        self.context = context
    }

    private var muted = 0

    /// The file a nested template whose root has this ``JSONValue/fileIndex`` comes from: `enclosing` (the file of
    /// the template it is nested in) for 0, which every value read from a JSON file has.
    func file(at index: UInt32, enclosing: String) -> String {
        index == 0 || Int(index) > includedFiles.count ? enclosing : includedFiles[Int(index) - 1]
    }

    func report(_ problem: Diagnostic) {
        if muted == 0 { diagnostics.emit(problem) }
    }

    /// Reports a problem that stops evaluation even inside an `if()` branch whose problems are dropped.
    func reportAlways(_ problem: Diagnostic) {
        diagnostics.emit(problem)
    }

    /// The size of `value` (at most a little past `limit`, see ``EvaluationLimits/size(of:limit:)``), counted
    /// against the session's byte budget.
    func measure(_ value: Value, limit: Int = EvaluationLimits.maximumValueBytes) -> Int {
        let size = EvaluationLimits.size(of: value, limit: limit)
        measuredBytes += size
        return size
    }

    /// False once the byte budget is spent (reported once); every later function call is then refused too.
    func withinByteBudget(at location: SourceLocation) -> Bool {
        guard measuredBytes > EvaluationLimits.maximumSessionBytes else { return true }
        if !exhausted {
            exhausted = true
            reportAlways(
                Diagnostic(
                    .invalidTemplate, at: location,
                    "the template handles more than \(EvaluationLimits.megabytes(EvaluationLimits.maximumSessionBytes)) of values while it is evaluated; evaluation stopped"
                ))
        }
        return false
    }

    /// Runs `body` with its problems dropped: for the branches of an `if()` whose condition is unknown.
    func withoutReporting<Result>(_ body: () -> Result) -> Result {
        muted += 1
        defer { muted -= 1 }
        return body()
    }

    /// Counts one unit of work; false once the budget is spent (reported once).
    func spend(at location: SourceLocation) -> Bool {
        work += 1
        if work <= Self.maximumWork, !exhausted { return true }
        if !exhausted {
            exhausted = true
            reportAlways(
                Diagnostic(
                    .invalidTemplate, at: location,
                    "the template needs more than \(Self.maximumWork) function calls to evaluate; evaluation stopped"))
        }
        return false
    }
}
