import SourceModel

/// The comments of HCL source text (`#` and `//` to the end of the line, `/* ... */`), found by a scan that steps
/// over quoted strings and heredocs so that a `#` inside them is not taken for a comment. The HCL parser skips
/// comments, so suppressions read them here.
public enum HCLComments {
    public static func comments(in text: String) -> [SourceComment] {
        let scalars = Array(text.unicodeScalars)
        var comments: [SourceComment] = []
        var index = 0
        var line = 1
        var column = 1
        func advance() {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        func next(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "#" || (scalar == "/" && next(1) == "/") {
                let start = SourcePosition(line: line, column: column)
                var body = String.UnicodeScalarView()
                while index < scalars.count, scalars[index] != "\n" {
                    if scalars[index] != "\r" { body.append(scalars[index]) }
                    advance()
                }
                comments.append(SourceComment(text: String(body), start: start, endLine: line))
            } else if scalar == "/" && next(1) == "*" {
                let start = SourcePosition(line: line, column: column)
                var body = String.UnicodeScalarView()
                while index < scalars.count, !(scalars[index] == "*" && next(1) == "/") {
                    body.append(scalars[index])
                    advance()
                }
                let endLine = line
                if index < scalars.count {
                    body.append(contentsOf: "*/".unicodeScalars)
                    advance()
                    advance()
                }
                comments.append(SourceComment(text: String(body), start: start, endLine: endLine))
            } else if scalar == "\"" {
                advance()
                while index < scalars.count, scalars[index] != "\"", scalars[index] != "\n" {
                    if scalars[index] == "\\" && next(1) != nil && next(1) != "\n" { advance() }
                    advance()
                }
                if index < scalars.count { advance() }
            } else if scalar == "<" && next(1) == "<", let delimiter = heredocDelimiter(scalars, from: index + 2) {
                // Skip to the line that holds only the delimiter.
                while index < scalars.count, scalars[index] != "\n" { advance() }
                while index < scalars.count {
                    advance()
                    var end = index
                    while end < scalars.count, scalars[end] != "\n" { end += 1 }
                    let content = String(String.UnicodeScalarView(scalars[index..<end])).trimmingWhitespace
                    if content == delimiter { break }
                    while index < end { advance() }
                }
            } else {
                advance()
            }
        }
        return comments
    }

    /// `EOT` in `<<EOT` or `<<-EOT` followed by the end of the line; nil when `<<` starts no heredoc.
    private static func heredocDelimiter(_ scalars: [Unicode.Scalar], from start: Int) -> String? {
        var index = start
        if index < scalars.count, scalars[index] == "-" { index += 1 }
        var name = String.UnicodeScalarView()
        while index < scalars.count,
            scalars[index].properties.isAlphabetic || scalars[index] == "_"
                || ("0"..."9").contains(scalars[index])
        {
            name.append(scalars[index])
            index += 1
        }
        if index < scalars.count, scalars[index] == "\r" { index += 1 }
        guard !name.isEmpty, index >= scalars.count || scalars[index] == "\n" else { return nil }
        return String(name)
    }
}
