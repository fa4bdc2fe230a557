import BicepSyntax
import Foundation
import LocatedJSON
import SourceModel

extension ExpressionConverter {
    /// What a compile-time `load*` call folds to: the ARM expression for use inside expressions, and the JSON value
    /// for a position where the compiler writes the value itself.
    struct Loaded {
        var expression: ARMExpression
        var value: TemplateValue
    }

    /// The largest file `loadFileAsBase64` reads, as the official compiler allows.
    static let maximumBase64FileBytes = 96 * 1024
    /// The largest file `loadTextContent` and `loadJsonContent` read before decoding (the compiler's limit, 1,048,576
    /// characters, is checked on the text; no encoding takes more than 4 bytes a character).
    static let maximumTextFileBytes = 4 * 1_048_576

    /// `loadTextContent(path, encoding?)`, `loadFileAsBase64(path)`, `loadJsonContent(path, jsonPath?, encoding?)` and
    /// `loadYamlContent(path, pathFilter?, encoding?)`
    /// folded to their values, reading the file (relative to this file) through the reader; nil for other calls.
    func load(_ call: FunctionCall, _ environment: Environment) throws(CompileFailure) -> Loaded? {
        let name = call.name.name
        guard ["loadTextContent", "loadFileAsBase64", "loadJsonContent", "loadYamlContent", "loadDirectoryFileInfo"].contains(name),
            call.base == nil || call.namespace == "sys"
        else { return nil }
        guard let reader else { throw unsupported("'\(name)' without a file reader", call.range) }
        if name == "loadDirectoryFileInfo" { return try directoryFileInfo(call, reader) }
        let arguments = try literalArguments(call)
        guard let relative = arguments.first else {
            throw .invalid("expected a file path as the first argument of '\(name)'", at: call.range, in: file)
        }
        guard !relative.hasPrefix("/") else {
            throw .invalid(
                "expected a path relative to this file for '\(name)', found '\(relative)'", at: call.range, in: file)
        }
        let path = BicepPath.resolve(relative, from: file)
        guard let bytes = reader.read(path) else {
            throw CompileFailure(
                diagnostic: Diagnostic(
                    .moduleNotFound, at: call.range.location(in: file),
                    "expected a file at '\(relative)' for '\(name)', found none (\(path))"))
        }
        let range = call.range
        // The official compiler's limits: 96 KB for a base64 file, 1,048,576 characters for text and JSON.
        let limit = name == "loadFileAsBase64" ? Self.maximumBase64FileBytes : Self.maximumTextFileBytes
        guard bytes.count <= limit else {
            throw .invalid("expected at most \(limit) bytes for '\(name)', found \(bytes.count) in '\(relative)'", at: range, in: file)
        }
        switch name {
        case "loadFileAsBase64":
            let text = Data(bytes).base64EncodedString()
            return Loaded(expression: .string(text), value: TemplateValue(.string(text), range: range))
        case "loadTextContent":
            let text = try decode(bytes, encoding: arguments.count > 1 ? arguments[1] : "utf-8", call)
            try checkLength(text, name, relative, range)
            return Loaded(expression: .string(text), value: TemplateValue(.string(text), range: range))
        default:
            let text = try decode(bytes, encoding: arguments.count > 2 ? arguments[2] : "utf-8", call)
            try checkLength(text, name, relative, range)
            let json: JSONValue
            if name == "loadYamlContent" {
                do {
                    json = try Self.json(yaml: text) ?? JSONValue(.null, at: range.start)
                } catch {
                    throw .invalid("expected YAML in '\(relative)': \(error.message)", at: range, in: file)
                }
            } else {
                do {
                    json = try JSONReader().read(text)
                } catch {
                    throw .invalid("expected JSON in '\(relative)': \(error.message)", at: range, in: file)
                }
            }
            var selected = json
            if arguments.count > 1, !arguments[1].isEmpty {
                let found: [JSONValue]
                do {
                    found = try JSONPath.select(arguments[1], in: json)
                } catch {
                    throw unsupported("this JSONPath ('\(arguments[1])'): \(error.message)", range)
                }
                guard !found.isEmpty else {
                    throw .invalid("expected '\(arguments[1])' to select a value in '\(relative)', found none", at: range, in: file)
                }
                // One selected value is the value itself, several are an array of them (Newtonsoft's SelectTokens).
                selected = found.count == 1 ? found[0] : JSONValue(.array(found), at: json.position)
            }
            do {
                let value = try TemplateValue(json: selected)
                return Loaded(expression: Self.expression(selected), value: TemplateValue(value.kind, range: range))
            } catch {
                throw unsupported("a fractional number loaded from '\(relative)'", range)
            }
        }
    }

    /// `loadDirectoryFileInfo(path, pattern?)`: `[{"relativePath", "baseName", "extension"}]` for each file directly in
    /// the folder (matching the `*`/`?` pattern), sorted by path ignoring case, as the compiler lists them.
    private func directoryFileInfo(_ call: FunctionCall, _ reader: BicepFileReader) throws(CompileFailure) -> Loaded {
        let arguments = try literalArguments(call)
        guard let relative = arguments.first, !relative.hasPrefix("/") else {
            throw .invalid("expected a folder path relative to this file for 'loadDirectoryFileInfo'", at: call.range, in: file)
        }
        let folder = BicepPath.resolve(relative, from: file)
        guard let names = reader.listFiles(folder) else {
            throw CompileFailure(
                diagnostic: Diagnostic(
                    .moduleNotFound, at: call.range.location(in: file),
                    "expected a folder at '\(relative)' for 'loadDirectoryFileInfo', found none (\(folder))"))
        }
        let pattern = arguments.count > 1 ? arguments[1] : ""
        let paths = names.filter { pattern.isEmpty || Self.glob(pattern, matches: $0) }
            .map { ModuleLoader.relativePath(folder + "/" + $0, from: file) }
            .sorted { $0.lowercased() < $1.lowercased() }
        let range = call.range
        let position = range.start
        let items = paths.map { path -> JSONValue in
            let baseName = String(path.split(separator: "/").last ?? "")
            let dot = baseName.lastIndex(of: ".")
            let fileExtension = dot.map { String(baseName[$0...]) } ?? ""
            return JSONValue(
                .object([
                    JSONMember(key: "relativePath", keyPosition: position, value: JSONValue(.string(path), at: position)),
                    JSONMember(key: "baseName", keyPosition: position, value: JSONValue(.string(baseName), at: position)),
                    JSONMember(key: "extension", keyPosition: position, value: JSONValue(.string(fileExtension), at: position)),
                ]), at: position)
        }
        let json = JSONValue(.array(items), at: position)
        do {
            return Loaded(expression: Self.expression(json), value: TemplateValue(try TemplateValue(json: json).kind, range: range))
        } catch {
            throw unsupported("a fractional number in a folder listing", range)
        }
    }

    /// Whether a file name matches a pattern of `*` (any characters) and `?` (one character), ignoring case.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let pattern = Array(pattern.lowercased())
        let name = Array(name.lowercased())
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ n: Int) -> Bool {
            let key = p * (name.count + 1) + n
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = n == name.count
            } else if pattern[p] == "*" {
                result = match(p + 1, n) || (n < name.count && match(p, n + 1))
            } else {
                result = n < name.count && (pattern[p] == "?" || pattern[p] == name[n]) && match(p + 1, n + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// The compiler's limit on a loaded text: 1,048,576 characters (UTF-16 units, as .NET counts them).
    private func checkLength(_ text: String, _ name: String, _ relative: String, _ range: SourceRange) throws(CompileFailure) {
        let length = text.utf16.count
        guard length <= 1_048_576 else {
            throw .invalid("expected at most 1,048,576 characters for '\(name)', found \(length) in '\(relative)'", at: range, in: file)
        }
    }

    private func literalArguments(_ call: FunctionCall) throws(CompileFailure) -> [String] {
        var texts: [String] = []
        for argument in call.arguments {
            guard case .string(let literal) = argument.kind, let text = literal.value else {
                throw .invalid("expected string literals as the arguments of '\(call.name.name)'", at: argument.range, in: file)
            }
            texts.append(text)
        }
        return texts
    }

    private func decode(_ bytes: [UInt8], encoding name: String, _ call: FunctionCall) throws(CompileFailure) -> String {
        let encodings: [String: String.Encoding] = [
            "utf-8": .utf8, "us-ascii": .ascii, "utf-16": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
            "iso-8859-1": .isoLatin1,
        ]
        guard let encoding = encodings[name.lowercased()] else {
            throw .invalid("expected an encoding among \(encodings.keys.sorted()), found '\(name)'", at: call.range, in: file)
        }
        var content = bytes
        for bom: [UInt8] in [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]] where content.starts(with: bom) {
            content.removeFirst(bom.count)
            break
        }
        guard let text = String(bytes: content, encoding: encoding) else {
            throw .invalid("expected the file to be \(name), found bytes that are not", at: call.range, in: file)
        }
        return text
    }

    /// A JSON value as the ARM expression that builds it (`createObject`, `createArray`, `json('1.5')`...).
    static func expression(_ value: JSONValue) -> ARMExpression {
        switch value.kind {
        case .null: .function("null")
        case .bool(let flag): .function(flag ? "true" : "false")
        case .integer(let number): integer(number)
        case .double(let number): .function("json", .string(String(number)))
        case .string(let text): .string(text)
        case .array(let items): .function("createArray", arguments: items.map(expression))
        case .object(let members):
            .function("createObject", arguments: members.flatMap { [ARMExpression.string($0.key), expression($0.value)] })
        }
    }
}
