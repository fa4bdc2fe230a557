extension Parser {
    /// Every declaration of the file. A declaration that fails is reported and skipped to the next line outside
    /// its brackets, and parsing goes on.
    mutating func program() -> [Declaration] {
        var declarations: [Declaration] = []
        while !at(.endOfFile) {
            if at(.newLine) {
                advance()
                continue
            }
            let start = position
            do {
                declarations.append(try declaration(onlyResources: false))
                if !at(.newLine) && !at(.endOfFile) {
                    report(unexpected("a newline after the declaration"))
                    skip(until: TokenSet(.newLine), openClosers: [], consumeStrayClosers: true)
                }
            } catch {
                report(error)
                depth = 0
                treeDepth = 0
                skip(until: TokenSet(.newLine), openClosers: closersOpen(from: start), consumeStrayClosers: true)
            }
            if position == start { advance() }
        }
        return declarations
    }

    /// The closing brackets owed by the tokens from `start` to the current one, innermost last.
    private func closersOpen(from start: Int) -> [TokenKind] {
        var closers: [TokenKind] = []
        for index in start..<position {
            switch tokens[index].kind {
            case .leftParen: closers.append(.rightParen)
            case .leftSquare: closers.append(.rightSquare)
            case .leftBrace: closers.append(.rightBrace)
            case .rightParen, .rightSquare, .rightBrace:
                if let match = closers.lastIndex(of: tokens[index].kind) { closers.removeSubrange(match...) }
            default: break
            }
        }
        return closers
    }

    /// One declaration with its decorators. Inside a resource body only nested resources are declarations.
    mutating func declaration(onlyResources: Bool) throws(SyntaxError) -> Declaration {
        let decorators = try decoratorLines()
        let start = decorators.first?.range ?? current.range
        let expectation = decorators.isEmpty ? "a declaration" : "a declaration after the decorators"
        guard at(.identifier), let keyword = current.keyword else { throw unexpected(expectation) }
        if onlyResources && keyword != .resource { throw unexpected("a nested resource declaration after the decorators") }
        let kind: Declaration.Kind
        switch (keyword, isParameterFile) {
        case (.targetScope, false):
            advance()
            _ = try expect(.assignment, "'=' after 'targetScope'")
            kind = .targetScope(try expression(.allowComplexLiterals))
        case (.metadata, false):
            advance()
            let name = try identifier("a metadata name")
            _ = try expect(.assignment, "'=' after the metadata name")
            kind = .metadata(name: name, value: try expression(.allowComplexLiterals))
        case (.type, _):
            advance()
            let name = try identifier("a type name")
            _ = try expect(.assignment, "'=' after the type name")
            kind = .type(name: name, type: try declaredType(allowsBareResource: false))
        case (.param, false):
            kind = .parameter(try parameterDeclaration())
        case (.param, true):
            advance()
            let name = try identifier("a parameter name")
            _ = try expect(.assignment, "'=' after the parameter name")
            kind = .parameterAssignment(name: name, value: try expression(.allowComplexLiterals))
        case (.var, _):
            kind = .variable(try variableDeclaration())
        case (.func, false):
            kind = .function(try functionDeclaration())
        case (.resource, false):
            kind = .resource(try resourceDeclaration())
        case (.module, false):
            kind = .module(try moduleDeclaration())
        case (.output, false):
            advance()
            let name = try identifier("an output name")
            let type = try declaredType(allowsBareResource: true)
            _ = try expect(.assignment, "'=' and the output's value")
            kind = .output(OutputDeclaration(name: name, type: type, value: try expression(.allowComplexLiterals)))
        case (.import, _):
            let importKeyword = advance()
            if !isParameterFile && (at(.stringComplete) || at(.stringLeftPiece)) {
                kind = .extension(try extensionDeclaration(usesImportKeyword: true))
            } else {
                kind = .compileTimeImport(try compileTimeImport(after: importKeyword))
            }
        case (.extension, _):
            advance()
            kind = .extension(try extensionDeclaration(usesImportKeyword: false))
        case (.test, false):
            advance()
            let name = try identifier("a test name")
            let path = try pathString("a test file path string")
            _ = try expect(.assignment, "'=' after the test path")
            kind = .test(name: name, path: path, body: try objectLiteral(.allowComplexLiterals))
        case (.assert, false):
            advance()
            let name = try identifier("an assertion name")
            _ = try expect(.assignment, "'=' after the assertion name")
            kind = .assert(name: name, condition: try expression(.allowComplexLiterals))
        case (.using, true):
            kind = .using(try usingDeclaration())
        case (.extends, true):
            advance()
            kind = .extends(try pathString("the path of the parameters file to extend"))
        case (.extensionConfig, true):
            advance()
            let alias = try identifier("an extension alias")
            _ = try expect(.with)
            kind = .extensionConfig(alias: alias, config: try objectLiteral(.allowComplexLiterals))
        default:
            throw unexpected(expectation)
        }
        return Declaration(decorators: decorators, kind: kind, range: start.through(previous.range))
    }

    /// Decorators, each on its own line.
    mutating func decoratorLines() throws(SyntaxError) -> [Decorator] {
        var decorators: [Decorator] = []
        while at(.at) {
            decorators.append(try decorator())
            guard at(.newLine) else { throw unexpected("a newline after the decorator") }
            skipNewlines()
        }
        return decorators
    }

    /// `@name`, `@name(...)`, `@namespace.name(...)`.
    private mutating func decorator() throws(SyntaxError) -> Decorator {
        let atSign = advance()
        let name = try identifier("a decorator name after '@'")
        var expression: Expression
        if at(.leftParen) {
            let call = FunctionCall(base: nil, name: name, arguments: try callArguments(), range: range(from: name.range))
            expression = Expression(.call(call), range: call.range)
        } else {
            expression = Expression(.variable(name), range: name.range)
        }
        while at(.dot) {
            advance()
            let member = try identifier("a decorator name after '.'")
            if at(.leftParen) {
                let arguments = try callArguments()
                let call = FunctionCall(base: expression, name: member, arguments: arguments, range: range(from: expression.range))
                expression = Expression(.call(call), range: call.range)
            } else {
                expression = Expression(.property(base: expression, name: member, isSafe: false), range: range(from: expression.range))
            }
        }
        return Decorator(expression: expression, range: atSign.range.through(expression.range))
    }

    private mutating func parameterDeclaration() throws(SyntaxError) -> ParameterDeclaration {
        advance()
        let name = try identifier("a parameter name")
        let type = try declaredType(allowsBareResource: false)
        var defaultValue: Expression?
        if at(.assignment) {
            advance()
            defaultValue = try expression(.allowComplexLiterals)
        } else if !at(.newLine) && !at(.endOfFile) {
            throw unexpected("'=' and a default value, or a newline")
        }
        return ParameterDeclaration(name: name, type: type, defaultValue: defaultValue)
    }

    private mutating func variableDeclaration() throws(SyntaxError) -> VariableDeclaration {
        advance()
        let name = try identifier("a variable name")
        var type: TypeExpression?
        if !at(.assignment) && !at(.newLine) && !at(.endOfFile) { type = try declaredType(allowsBareResource: false) }
        _ = try expect(.assignment, "'=' and the variable's value")
        return VariableDeclaration(name: name, type: type, value: try expression(.allowComplexLiterals))
    }

    /// `func name(a type, ...) returnType => body`.
    private mutating func functionDeclaration() throws(SyntaxError) -> FunctionDeclaration {
        advance()
        let name = try identifier("a function name")
        guard at(.leftParen) else { throw unexpected("'(' and the function's parameters") }
        let open = advance()
        var parameters: [FunctionDeclaration.Parameter] = []
        skipNewlines()
        while !at(.rightParen) {
            let parameterName = try identifier("a parameter name")
            parameters.append(.init(name: parameterName, type: try declaredType(allowsBareResource: false)))
            skipNewlines()
            guard at(.comma) else { break }
            advance()
            skipNewlines()
        }
        _ = try expectClosing(.rightParen, "')'", of: "parameter list", openedAt: open)
        let returnType = try declaredType(allowsBareResource: false)
        _ = try expect(.arrow, "'=>' and the function body")
        let next = peekSkippingNewlines()
        if !(next.kind == .identifier && next.keyword?.startsDeclaration == true) { skipNewlines() }
        let body = try expression(.allowComplexLiterals)
        return FunctionDeclaration(name: name, parameters: parameters, returnType: returnType, body: body)
    }

    private mutating func resourceDeclaration() throws(SyntaxError) -> ResourceDeclaration {
        advance()
        let name = try identifier("a resource name")
        let type = try pathString("a resource type string such as 'Microsoft.Storage/storageAccounts@2023-05-01'")
        let isExisting = at(.existing)
        if isExisting { advance() }
        _ = try expect(.assignment, "'=' and the resource body")
        let body = try deploymentBody([.allowComplexLiterals, .allowResourceDeclarations])
        return ResourceDeclaration(name: name, type: type, isExisting: isExisting, body: body)
    }

    private mutating func moduleDeclaration() throws(SyntaxError) -> ModuleDeclaration {
        advance()
        let name = try identifier("a module name")
        let path = try pathString("a module path string ('./child.bicep', 'br/public:...', 'ts:...')")
        _ = try expect(.assignment, "'=' and the module body")
        return ModuleDeclaration(name: name, path: path, body: try deploymentBody(.allowComplexLiterals))
    }

    /// `{ ... }`, `if (condition) { ... }` (possibly on the next line) or `[for ...]`.
    private mutating func deploymentBody(_ flags: ExpressionFlags) throws(SyntaxError) -> DeploymentBody {
        if peekSkippingNewlines().keyword == .if && peekSkippingNewlines().kind == .identifier { skipNewlines() }
        switch current.kind {
        case .leftBrace:
            return .object(try objectLiteral(flags))
        case .leftSquare:
            return .loop(try forExpression(flags, isDeploymentBody: true))
        case .identifier where current.keyword == .if:
            let conditional = try ifCondition(flags)
            return .conditional(condition: conditional.condition, body: conditional.body)
        default:
            throw unexpected("'{', 'if' or '[for' for the body")
        }
    }

    /// A string where the grammar wants a path or type (interpolation parses here, and is judged later).
    mutating func pathString(_ expected: String) throws(SyntaxError) -> StringLiteral {
        guard at(.stringComplete) || at(.stringLeftPiece) else { throw unexpected(expected) }
        return try stringLiteral()
    }
}
