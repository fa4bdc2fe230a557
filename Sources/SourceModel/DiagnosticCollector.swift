/// Diagnostics gathered while work goes on, in the order found. A value: each task collects its own and the
/// results are appended in a stable order, so concurrent work reports deterministically.
public struct DiagnosticCollector: Sendable, Hashable {
    public private(set) var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic] = []) {
        self.diagnostics = diagnostics
    }

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func emit(_ code: Diagnostic.Code, _ severity: Diagnostic.Severity = .error, at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(code, severity, at: location, message))
    }

    public mutating func emit(contentsOf diagnostics: some Sequence<Diagnostic>) {
        self.diagnostics.append(contentsOf: diagnostics)
    }

    /// The diagnostics that mean something could not be used.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
