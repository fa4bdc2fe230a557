import SourceModel

/// An input problem as the JSON reports write it: `{"file", "line", "column", "code", "message"}`.
struct ProblemEntry: Encodable {
    var file: String
    var line: Int
    var column: Int
    var code: String
    var message: String

    init(_ problem: Diagnostic) {
        file = problem.location.file
        line = problem.location.line
        column = problem.location.column
        code = problem.code.rawValue
        message = problem.message
    }
}
