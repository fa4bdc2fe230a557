import Foundation
import SourceModel
import PostureModel
import Synchronization

/// The rules bundled with Bulwark (`Rules/*.yaml`), read file by file when something first needs them.
///
/// Parsing the YAML was most of a scan's start-up. `BuiltInRuleIndex.swift`, generated from the rule files (and
/// checked against them by `BuiltInRuleIndexTests`), says which rules each file holds and which resource types
/// they apply to. So a scan reads only the files with rules for the resources it found (none for an empty
/// folder), and a user's rule is checked for a duplicate id without reading any. Listing every rule (`bulwark
/// rules`, SARIF) reads the whole folder exactly as before, without the index.
final class BuiltInRulePack: Sendable {
    /// One built-in rule, as the index describes it.
    struct Entry: Sendable, Hashable {
        var file: String
        var id: String
        var types: [ResourceType]
    }

    static let displayPrefix = "builtin:"
    static let entries: [Entry] = parseIndex(indexText)
    /// The indexed files in the order the catalog reads them.
    static let files: [String] = entries.reduce(into: []) { files, entry in
        if files.last != entry.file { files.append(entry.file) }
    }

    let parameters: RuleParameters
    /// Each file read so far: its rules (compliance checked and completed) and problems.
    private let parsedFiles = Mutex<[String: RuleSelection]>([:])
    /// The whole folder, once read.
    private let whole = Mutex<RuleSelection?>(nil)

    init(parameters: RuleParameters) {
        self.parameters = parameters
    }

    /// Where the built-in rule `id` is defined, or nil when there is no such built-in rule. Only the file that
    /// defines it is read, and only when there is one (a user's rule reusing a built-in id).
    func source(ofRule id: String) -> SourceLocation? {
        guard let entry = Self.entries.first(where: { $0.id.caseInsensitiveEquals(id) }) else { return nil }
        let rule = read([entry.file])[entry.file]?.rules.first { $0.id.caseInsensitiveEquals(id) }
        return rule?.source ?? SourceLocation(file: Self.displayPrefix + entry.file, line: 1, column: 1)
    }

    /// Every built-in rule and every problem in the folder, read once, in file name order.
    func everything() -> RuleSelection {
        if let read = whole.withLock({ $0 }) { return read }
        var result = RuleSelection(rules: [], errors: [])
        if let folder = Self.folder {
            let (files, problems) = RuleCatalog.ruleFiles(inFolder: folder)
            result.errors = problems
            for (rules, errors) in RuleCatalog.parse(files, displayPrefix: Self.displayPrefix, parameters: parameters) {
                RuleCatalog.merge(rules, errors, into: &result.rules, errors: &result.errors)
            }
        } else {
            result.errors = [Self.missing]
        }
        whole.withLock { $0 = result }
        return result
    }

    /// The built-in rules that apply to some resource of `types`, in catalog order, reading only the files that hold
    /// such rules (each at most once), with the problems of the files read.
    func rules(applyingTo types: Set<ResourceType>) -> RuleSelection {
        guard !types.isEmpty else { return RuleSelection(rules: [], errors: []) }
        let wanted = Set(Self.entries.filter { $0.types.contains(where: types.contains) }.map(\.file))
        guard !wanted.isEmpty else { return RuleSelection(rules: [], errors: []) }
        guard Self.folder != nil else { return RuleSelection(rules: [], errors: [Self.missing]) }
        let files = read(wanted)
        var result = RuleSelection(rules: [], errors: [])
        for file in Self.files where wanted.contains(file) {
            guard let selection = files[file] else { continue }
            result.rules += selection.rules.filter { rule in rule.applicability.types.contains(where: types.contains) }
            result.errors += selection.errors
        }
        return result
    }

    /// The files named (each read at most once over the pack's life), with their rules and problems.
    private func read(_ files: Set<String>) -> [String: RuleSelection] {
        let unread = parsedFiles.withLock { read in Self.files.filter { files.contains($0) && read[$0] == nil } }
        var fresh: [String: RuleSelection] = [:]
        if let folder = Self.folder, !unread.isEmpty {
            let parsed = RuleCatalog.parse(
                unread.map { folder.appendingPathComponent($0) }, displayPrefix: Self.displayPrefix, parameters: parameters)
            for (file, (rules, errors)) in zip(unread, parsed) {
                var selection = RuleSelection(rules: [], errors: [])
                RuleCatalog.merge(rules, errors, into: &selection.rules, errors: &selection.errors)
                fresh[file] = selection
            }
        }
        return parsedFiles.withLock { read in
            read.merge(fresh) { earlier, _ in earlier }
            return read
        }
    }

    private static var folder: URL? { Bundle.module.url(forResource: "Rules", withExtension: nil) }

    private static var missing: Diagnostic {
        Diagnostic(
            .unreadableFile, at: SourceLocation(file: "Rules", line: 1, column: 1), "the built-in rules are missing from the installation")
    }

    /// Reads the generated index: one line per rule and type, `file id type`; a rule's lines are adjacent.
    static func parseIndex(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 3 else {
                preconditionFailure("BuiltInRuleIndex.swift is malformed at '\(line)'; regenerate it (see BuiltInRuleIndexTests)")
            }
            let type = ResourceType(fields[2])
            if let last = entries.last, last.file == fields[0], last.id == fields[1] {
                entries[entries.count - 1].types.append(type)
            } else {
                entries.append(Entry(file: fields[0], id: fields[1], types: [type]))
            }
        }
        return entries
    }
}
