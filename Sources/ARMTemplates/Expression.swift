/// A parsed ARM template expression: the text between `[` and `]` in a template string.
indirect enum Expression: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    case null
    /// A function call. `name` keeps the written spelling; a user-defined function is `namespace.name`.
    case call(name: String, arguments: [Expression], offset: Int)
    /// `.property` access.
    case property(Expression, String)
    /// `[index]` or `['key']` access.
    case index(Expression, Expression)
}

/// A syntax error inside one expression, with the 0-based offset in the expression text.
struct ExpressionSyntaxError: Error, Sendable, Hashable {
    var offset: Int
    var message: String
}

/// Recursive-descent parser for the ARM expression grammar:
///
///     expression := primary ( '.' identifier | '[' expression ']' )*
///     primary    := string | number | 'null' | 'true' | 'false' | identifier ( '.' identifier )? '(' arguments? ')'
struct ExpressionParser {
    /// Nesting deeper than this is refused, so a hostile expression cannot overflow the stack.
    static let maximumDepth = 128

    private let text: [UInt8]
    private var offset = 0
    private var depth = 0

    /// Parses `source`, the expression without its enclosing brackets.
    static func parse(_ source: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser(text: Array(source.utf8))
        parser.skipSpaces()
        let expression = try parser.parseExpression()
        parser.skipSpaces()
        guard parser.offset == parser.text.count else {
            throw parser.failure("expected end of expression, found \(parser.found())")
        }
        return expression
    }

    private init(text: [UInt8]) {
        self.text = text
    }

    private func failure(_ message: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError(offset: offset, message: message)
    }

    private func found() -> String {
        guard offset < text.count else { return "end of expression" }
        return "'\(Character(Unicode.Scalar(text[offset])))'"
    }

    private var current: UInt8? { offset < text.count ? text[offset] : nil }

    private mutating func skipSpaces() {
        while let byte = current,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        {
            offset += 1
        }
    }

    private mutating func parseExpression() throws(ExpressionSyntaxError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw failure("expected at most \(Self.maximumDepth) levels of nested calls and indexes")
        }
        var expression = try parsePrimary()
        while true {
            skipSpaces()
            switch current {
            case UInt8(ascii: "."):
                offset += 1
                skipSpaces()
                guard let name = readIdentifier() else {
                    throw failure("expected a property name after '.', found \(found())")
                }
                expression = .property(expression, name)
            case UInt8(ascii: "["):
                offset += 1
                skipSpaces()
                let index = try parseExpression()
                skipSpaces()
                guard current == UInt8(ascii: "]") else {
                    throw failure("expected ']' after index, found \(found())")
                }
                offset += 1
                expression = .index(expression, index)
            default:
                return expression
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        guard let byte = current else { throw failure("expected a value or function call, found end of expression") }
        if byte == UInt8(ascii: "'") { return .string(try readString()) }
        if byte == UInt8(ascii: "-") || isDigit(byte) { return try readNumber() }
        let start = offset
        guard var name = readIdentifier() else {
            throw failure("expected a value or function call, found \(found())")
        }
        skipSpaces()
        if current == UInt8(ascii: "."), let member = peekNamespacedMember() {
            name += "." + member
        }
        skipSpaces()
        guard current == UInt8(ascii: "(") else {
            switch name.lowercased() {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                offset = start
                throw failure("expected '(' after function name '\(name)'; string literals use single quotes")
            }
        }
        offset += 1
        var arguments: [Expression] = []
        skipSpaces()
        if current == UInt8(ascii: ")") {
            offset += 1
            return .call(name: name, arguments: arguments, offset: start)
        }
        while true {
            skipSpaces()
            arguments.append(try parseExpression())
            skipSpaces()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: ")"):
                offset += 1
                return .call(name: name, arguments: arguments, offset: start)
            default:
                throw failure("expected ',' or ')' after argument \(arguments.count) of \(name)(), found \(found())")
            }
        }
    }

    /// After `name .`, a user-defined function reads `namespace.function(`. Consumes it only in that case.
    private mutating func peekNamespacedMember() -> String? {
        let saved = offset
        offset += 1
        skipSpaces()
        if let member = readIdentifier() {
            skipSpaces()
            if current == UInt8(ascii: "(") { return member }
        }
        offset = saved
        return nil
    }

    private mutating func readIdentifier() -> String? {
        let start = offset
        while let byte = current, isIdentifierByte(byte, first: offset == start) { offset += 1 }
        guard offset > start else { return nil }
        return String(decoding: text[start..<offset], as: UTF8.self)
    }

    private mutating func readString() throws(ExpressionSyntaxError) -> String {
        let start = offset
        offset += 1
        var bytes: [UInt8] = []
        while let byte = current {
            offset += 1
            if byte == UInt8(ascii: "'") {
                // '' inside a string is an escaped quote.
                if current == UInt8(ascii: "'") {
                    bytes.append(byte)
                    offset += 1
                    continue
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes.append(byte)
        }
        offset = start
        throw failure("expected a closing single quote for the string that starts here")
    }

    private mutating func readNumber() throws(ExpressionSyntaxError) -> Expression {
        let start = offset
        if current == UInt8(ascii: "-") { offset += 1 }
        while let byte = current, isDigit(byte) { offset += 1 }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            while let byte = current, isDigit(byte) { offset += 1 }
        }
        let literal = String(decoding: text[start..<offset], as: UTF8.self)
        if isInteger, let value = Int64(literal) { return .integer(value) }
        if !isInteger, let value = Double(literal) { return .double(value) }
        offset = start
        throw failure("expected a number, found '\(literal)'")
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func isIdentifierByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "$"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        default: byte >= 0x80
        }
    }
}
