extension Parser {
    /// `{ a, b as c, 'odd-name' as d } from 'path'` or `* as ns from 'path'`, after `import`.
    mutating func compileTimeImport(after keyword: Token) throws(SyntaxError) -> CompileTimeImport {
        let symbols: CompileTimeImport.Symbols
        switch current.kind {
        case .leftBrace:
            let open = advance()
            let list = try separatedItems(closing: .rightBrace, describedAs: "imported symbol") { parser throws(SyntaxError) in
                try parser.importedSymbol()
            }
            _ = try expectClosing(.rightBrace, "'}'", of: "import list", openedAt: open)
            symbols = .named(list)
        case .asterisk:
            advance()
            _ = try expect(.as)
            symbols = .wildcard(alias: try identifier("a namespace name after 'as'"))
        default:
            throw unexpected("'{' with the symbols to import, or '* as name'")
        }
        _ = try expect(.from)
        return CompileTimeImport(symbols: symbols, path: try pathString("the path or registry reference to import from"))
    }

    private mutating func importedSymbol() throws(SyntaxError) -> CompileTimeImport.Symbol {
        let name: PropertyKey
        switch current.kind {
        case .identifier:
            name = .identifier(try identifier("a symbol name"))
        case .stringComplete:
            name = .string(try stringLiteral())
        default:
            throw unexpected("the name of an exported symbol")
        }
        var alias: Identifier?
        if at(.as) {
            advance()
            alias = try identifier("an alias after 'as'")
        } else if case .string = name {
            throw unexpected("'as' and an alias (a quoted symbol name needs one)")
        }
        return CompileTimeImport.Symbol(name: name, alias: alias, range: name.range.through(previous.range))
    }

    /// `name` or `'spec'`, then `with { config }` and `as alias`, each optional.
    mutating func extensionDeclaration(usesImportKeyword: Bool) throws(SyntaxError) -> ExtensionDeclaration {
        let specification: ExtensionDeclaration.Specification
        if at(.identifier) {
            specification = .identifier(try identifier("an extension name"))
        } else {
            specification = .string(try pathString("an extension name or specification string"))
        }
        var config: ObjectLiteral?
        var alias: Identifier?
        if at(.with) {
            advance()
            config = try objectLiteral(.allowComplexLiterals)
        }
        if at(.as) {
            advance()
            alias = try identifier("an alias after 'as'")
        }
        if !at(.newLine) && !at(.endOfFile) { throw unexpected("'with', 'as' or a newline") }
        return ExtensionDeclaration(specification: specification, config: config, alias: alias, usesImportKeyword: usesImportKeyword)
    }

    /// `using 'main.bicep' [with { ... }]` or `using none`.
    mutating func usingDeclaration() throws(SyntaxError) -> UsingDeclaration {
        advance()
        var path: StringLiteral?
        if at(.none) {
            advance()
        } else {
            path = try pathString("the path of the template as a string, or 'none'")
        }
        var config: ObjectLiteral?
        if at(.with) {
            advance()
            config = try objectLiteral(.allowComplexLiterals)
        } else if !at(.newLine) && !at(.endOfFile) {
            throw unexpected("'with' or a newline")
        }
        return UsingDeclaration(path: path, config: config)
    }
}
