package import SourceModel

/// An input problem as the JSON reports write it: `{"file", "line", "column", "code", "message"}`. Package access:
/// `ReportBenchmark`'s Foundation reference encodes problems with it too.
package struct ProblemEntry: Encodable {
    package var file: String
    package var line: Int
    package var column: Int
    package var code: String
    package var message: String

    package init(_ problem: Diagnostic) {
        file = problem.location.file
        line = problem.location.line
        column = problem.location.column
        code = problem.code.rawValue
        message = problem.message
    }
}
