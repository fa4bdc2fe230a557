public import SourceModel
import Yams

/// Why a text could not be composed as YAML, and where.
public struct YAMLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the YAML parser stopped (1:1 when it did not say).
    public var location: SourceLocation
    /// What went wrong, without the position repeated: "did not find expected key, while parsing a block mapping".
    public var problem: String
    /// The YAML library's own description of the error, position included.
    public var underlying: String

    /// `file:line:col: invalid YAML: problem`.
    public var description: String { "\(location): invalid YAML: \(problem)" }

    /// The error as a located diagnostic, with `prefix` before the problem ("invalid YAML").
    public func diagnostic(_ prefix: String = "invalid YAML") -> Diagnostic {
        Diagnostic(.yamlSyntax, at: location, "\(prefix): \(problem)")
    }
}

extension Diagnostic.Code {
    /// A YAML file that cannot be composed.
    public static let yamlSyntax = Self("yaml-syntax")
}

/// Composes YAML text into located nodes.
public enum YAMLDocument {
    /// Composes `text` with the basic resolver: it skips Yams' per-scalar regular expressions, so readers type
    /// plain scalars themselves (YAML 1.2 core schema, see ``YAMLNode``) and loading is several times faster.
    /// - Returns: the root node, or nil for an empty document.
    /// - Throws: ``YAMLSyntaxError`` with the parser's position.
    public static func compose(_ text: String, file: String) throws(YAMLSyntaxError) -> YAMLNode? {
        do {
            return try Yams.compose(yaml: text, .basic).map { YAMLNode(node: $0, file: file) }
        } catch {
            let (location, problem) = describe(error, file: file)
            throw YAMLSyntaxError(location: location, problem: problem, underlying: "\(error)")
        }
    }

    /// Where a Yams error is and what it says, without the position repeated in the text.
    private static func describe(_ error: any Error, file: String) -> (SourceLocation, String) {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\($0.text), \(problem)" } ?? problem
            return (SourceLocation(file: file, line: mark.line, column: mark.column), text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (
                SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "duplicate keys \(duplicates.joined(separator: ", ")) in one mapping"
            )
        case .reader(let problem, _, _, _):
            return (SourceLocation(file: file, line: 1, column: 1), problem)
        default:
            return (SourceLocation(file: file, line: 1, column: 1), "\(error)")
        }
    }
}
