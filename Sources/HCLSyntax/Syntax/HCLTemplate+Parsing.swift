public import SourceModel

extension HCLTemplate {
    /// Parses `text` as a bare template: all of it is template text, with `${...}` interpolations and `%{...}`
    /// directives and no surrounding quotes, and backslashes are literal. That is how Terraform reads a
    /// `templatefile()` file and a string of the JSON syntax (`.tf.json`). `origin` is where the text starts in
    /// `file` (a JSON string's first character), so that ranges point into that file.
    public static func parse(
        _ text: String, file: String, origin: SourcePosition = SourcePosition(line: 1, column: 1)
    ) -> (template: HCLTemplate, errors: [HCLSyntaxError]) {
        let source = SourceText(Array(text.utf8), file: file, origin: origin)
        var lexer = Lexer(source, bareTemplate: true)
        lexer.lex()
        var parser = Parser(text: source, tokens: lexer.tokens)
        let template = parser.bareTemplate()
        let errors = (lexer.errors + parser.errors).sorted { $0.range.startOffset < $1.range.startOffset }
        return (template, errors)
    }
}
