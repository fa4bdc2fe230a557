public import Foundation
public import SourceModel
public import PostureModel
import LocatedYAML

/// The values of rule parameters for one run: each parameter's default from the bundled definitions,
/// overridden by a project's `.bulwark.yaml`. Rules read them as operands (`{ parameter: allowedLocations }`).
public struct RuleParameters: Sendable {
    public struct Definition: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case string
            case integer
            case stringList
            case choice([String])
        }

        public var name: String
        public var kind: Kind
        public var defaultValue: Value
        public var description: String
    }

    public private(set) var definitions: [Definition]
    public private(set) var values: [String: Value]
    /// "Now", for operands such as `{ daysAgo: 90 }`.
    public var now: Date

    /// The bundled definitions with their defaults.
    public static func defaults(now: Date = Date()) -> RuleParameters {
        guard let url = Bundle.module.url(forResource: "parameters", withExtension: "yaml", subdirectory: "Definitions"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return RuleParameters(definitions: [], values: [:], now: now) }
        var errors: [Diagnostic] = []
        let definitions = parseDefinitions(text, file: "builtin:parameters.yaml", errors: &errors)
        precondition(errors.isEmpty, "the bundled parameter definitions are invalid: \(errors)")
        return RuleParameters(
            definitions: definitions, values: Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0.defaultValue) }), now: now)
    }

    /// These values with some replaced (already checked against their definitions).
    public func overriding(_ replacements: [String: Value]) -> RuleParameters {
        var copy = self
        for (name, value) in replacements where copy.values[name] != nil { copy.values[name] = value }
        return copy
    }

    public func definition(_ name: String) -> Definition? {
        definitions.first { $0.name == name }
    }

    /// The project file's top-level keys: rule parameters here, the others read by the parts they configure
    /// (suppressions, and the Nessus asset map).
    public static let projectFileSections = ["parameters", "suppressions", "nessus"]

    /// Applies a project file's `parameters:` mapping. Unknown names and wrong types are errors with their
    /// position; the other parameters keep their values.
    public mutating func apply(projectFile text: String, file: String) -> [Diagnostic] {
        let document: YAMLNode
        do throws(YAMLSyntaxError) {
            guard let root = try YAMLDocument.compose(text, file: file) else { return [] }
            document = root
        } catch {
            return [
                Diagnostic(
                    .yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "invalid YAML in the project file: \(error.underlying)"
                )
            ]
        }
        var errors: [Diagnostic] = []
        for member in document.mapping ?? [] where !Self.projectFileSections.contains(member.key) {
            let expected = Self.projectFileSections.map { "'\($0)'" }.joined(separator: ", ")
            errors.append(
                Diagnostic(
                    .unknownKey, at: member.keyLocation, "unknown key '\(member.key)' in the project file; expected one of \(expected)"))
        }
        guard let parameters = document["parameters"] else { return errors }
        guard let members = parameters.mapping else {
            return errors + [Diagnostic(.invalidValue, at: parameters.location, "expected 'parameters' to map parameter names to values")]
        }
        for member in members {
            guard let definition = definition(member.key) else {
                let known = definitions.map(\.name).joined(separator: ", ")
                errors.append(
                    Diagnostic(.unknownKey, at: member.keyLocation, "unknown rule parameter '\(member.key)'; the parameters are \(known)"))
                continue
            }
            let value = member.value.value()
            if let problem = Self.check(value, against: definition) {
                errors.append(Diagnostic(.invalidValue, at: member.value.location, "parameter '\(member.key)' \(problem)"))
            } else {
                values[definition.name] = value
            }
        }
        return errors
    }

    static func check(_ value: Value, against definition: Definition) -> String? {
        switch definition.kind {
        case .string:
            return value.stringValue == nil ? "expects a string, found \(value.displayText)" : nil
        case .integer:
            if case .integer(let number) = value.kind, number >= 0 { return nil }
            return "expects a whole number of 0 or more, found \(value.displayText)"
        case .stringList:
            guard let elements = value.elements, elements.allSatisfy({ $0.stringValue != nil }) else {
                return "expects a list of strings, such as [swedencentral, westeurope], found \(value.displayText)"
            }
            return nil
        case .choice(let choices):
            guard let text = value.stringValue, choices.contains(text) else {
                return "expects one of \(choices.joined(separator: ", ")), found \(value.displayText)"
            }
            return nil
        }
    }

    static func parseDefinitions(_ text: String, file: String, errors: inout [Diagnostic]) -> [Definition] {
        guard let root = try? YAMLDocument.compose(text, file: file), let entries = root["parameters"]?.mapping else {
            errors.append(Diagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "expected a 'parameters' mapping"))
            return []
        }
        var definitions: [Definition] = []
        for entry in entries {
            let kind: Definition.Kind
            switch entry.value["type"]?.string {
            case "string": kind = .string
            case "integer": kind = .integer
            case "stringList": kind = .stringList
            case "choice": kind = .choice(entry.value["choices"]?.strings() ?? [])
            default:
                errors.append(
                    Diagnostic(
                        .invalidValue, at: entry.value.location,
                        "parameter '\(entry.key)' needs a type: string, integer, stringList or choice"))
                continue
            }
            guard let defaultNode = entry.value["default"] else {
                errors.append(Diagnostic(.missingKey, at: entry.value.location, "parameter '\(entry.key)' needs a default"))
                continue
            }
            var definition = Definition(
                name: entry.key, kind: kind, defaultValue: defaultNode.value(), description: entry.value["description"]?.string ?? "")
            if let problem = check(definition.defaultValue, against: definition) {
                errors.append(Diagnostic(.invalidValue, at: defaultNode.location, "the default of '\(entry.key)' \(problem)"))
                continue
            }
            definition.defaultValue = definition.defaultValue.relocated(to: nil)
            definitions.append(definition)
        }
        return definitions
    }
}
