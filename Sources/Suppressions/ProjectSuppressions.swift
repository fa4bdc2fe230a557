import Foundation
import LocatedYAML
public import PostureModel
public import SourceModel

/// The `suppressions:` list of the project file (`.bulwark.yaml` or `--config FILE`), read with a position for
/// every problem. Each item is `{rule, resource, reason, expires}`, all four required: `resource` is a
/// ``ResourceGlob`` (`"*"` for every resource), `reason` a non-empty sentence, `expires` a `YYYY-MM-DD` day or
/// `never`. An item with any problem is left out and each problem is an error, so a bad suppression fails the run
/// (exit 2) rather than silently suppressing more, or less, than was meant.
public struct ProjectSuppressions: Sendable {
    public private(set) var suppressions: [Suppression] = []
    /// Errors (`invalid-suppression`, `yaml-syntax`) at the item's file:line:column.
    public private(set) var problems: [Diagnostic] = []

    static let keys = ["rule", "resource", "reason", "expires"]

    /// No project file, or one without suppressions.
    public init() {}

    /// Reads the `suppressions` section of a project file's text. Other sections are not this part's business.
    public init(projectFile text: String, file: String, knownRules: KnownRules) {
        let document: YAMLNode
        do throws(YAMLSyntaxError) {
            guard let root = try YAMLDocument.compose(text, file: file) else { return }
            document = root
        } catch {
            // The rule parameters' reader reports the same syntax error; one report is enough.
            return
        }
        guard let section = document["suppressions"] else { return }
        if section.string?.isEmpty == true { return }
        guard let items = section.sequence else {
            fail(at: section.location, "expected 'suppressions' to be a list of {rule, resource, reason, expires}")
            return
        }
        for item in items { read(item, knownRules: knownRules) }
    }

    private mutating func read(_ item: YAMLNode, knownRules: KnownRules) {
        guard let members = item.mapping else {
            fail(at: item.location, "expected a suppression as a mapping with rule, resource, reason and expires")
            return
        }
        var valid = true
        var fields: [String: (text: String, location: SourceLocation)] = [:]
        for member in members {
            guard Self.keys.contains(member.key) else {
                fail(at: member.keyLocation, "unknown key '\(member.key)' in a suppression; expected rule, resource, reason and expires")
                valid = false
                continue
            }
            guard let text = member.value.string else {
                fail(at: member.value.location, "expected '\(member.key)' to be a single value, not a list or mapping")
                valid = false
                continue
            }
            fields[member.key] = (text, member.value.location)
        }
        let rule = require("rule", in: fields, at: item.location, hint: "a rule id such as BW-AI-001")
        if let rule, !knownRules.contains(rule.text) {
            fail(at: rule.location, "unknown rule id '\(rule.text)'; `bulwark rules` lists the rule ids (or NESSUS-<plugin id>)")
            valid = false
        }
        let resource = require("resource", in: fields, at: item.location, hint: "a glob on resource ids, names or addresses; \"*\" for all")
        let reason = require("reason", in: fields, at: item.location, hint: "why the risk is accepted")
        let expires = require("expires", in: fields, at: item.location, hint: "the day it ends as YYYY-MM-DD, or never")
        var day: CalendarDay?
        if let expires, expires.text.lowercased() != "never" {
            day = CalendarDay(expires.text)
            if day == nil {
                fail(at: expires.location, "expected 'expires' to be a real date as YYYY-MM-DD (or never), found '\(expires.text)'")
                valid = false
            }
        }
        guard valid, let rule, let resource, let reason, expires != nil else { return }
        suppressions.append(
            Suppression(
                rule: knownRules.canonical(rule.text), resource: resource.text, reason: reason.text, expires: day,
                origin: .projectFile, location: item.location))
    }

    /// A required, non-empty field; an error when it is missing or blank.
    private mutating func require(
        _ key: String, in fields: [String: (text: String, location: SourceLocation)], at location: SourceLocation, hint: String
    ) -> (text: String, location: SourceLocation)? {
        guard let field = fields[key] else {
            fail(at: location, "this suppression has no '\(key)': add \(hint)")
            return nil
        }
        let trimmed = field.text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            fail(at: field.location, "'\(key)' is empty: give \(hint)")
            return nil
        }
        return (trimmed, field.location)
    }

    private mutating func fail(at location: SourceLocation, _ message: String) {
        problems.append(Diagnostic(.invalidSuppression, at: location, message))
    }
}
