import Foundation
import SourceModel
import PostureModel
import Synchronization

/// The rules bundled with Bulwark (`Rules/*.yaml`), read file by file when something first needs them.
///
/// Parsing the YAML was most of a scan's start-up. `BuiltInRuleIndex.swift`, generated from the rule files (and
/// checked against them by `BuiltInRuleIndexTests`), says which rules each file holds, where, and which resource
/// types they apply to. So a scan reads only the files with rules for the resources it found (none for an empty
/// folder), and a user's rule is checked for a duplicate id without reading any. Listing every rule (`bulwark
/// rules`, SARIF) reads the whole folder exactly as before, without the index.
final class BuiltInRulePack: Sendable {
    /// One built-in rule, as the index describes it.
    struct Entry: Sendable, Hashable {
        var file: String
        var id: String
        var line: Int
        var column: Int
        var types: [ResourceType]

        var source: SourceLocation { SourceLocation(file: BuiltInRulePack.displayPrefix + file, line: line, column: column) }
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

    /// Where the built-in rule `id` is defined, without reading any rule file.
    func source(ofRule id: String) -> SourceLocation? {
        Self.entries.first { $0.id.caseInsensitiveEquals(id) }?.source
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
        guard let folder = Self.folder else { return RuleSelection(rules: [], errors: [Self.missing]) }
        let unread = parsedFiles.withLock { read in Self.files.filter { wanted.contains($0) && read[$0] == nil } }
        let parsed = RuleCatalog.parse(
            unread.map { folder.appendingPathComponent($0) }, displayPrefix: Self.displayPrefix, parameters: parameters)
        var fresh: [String: RuleSelection] = [:]
        for (file, (rules, errors)) in zip(unread, parsed) {
            var selection = RuleSelection(rules: [], errors: [])
            RuleCatalog.merge(rules, errors, into: &selection.rules, errors: &selection.errors)
            fresh[file] = selection
        }
        let read = parsedFiles.withLock { read in
            read.merge(fresh) { earlier, _ in earlier }
            return read
        }
        var result = RuleSelection(rules: [], errors: [])
        for file in Self.files where wanted.contains(file) {
            guard let selection = read[file] else { continue }
            result.rules += selection.rules.filter { rule in rule.applicability.types.contains(where: types.contains) }
            result.errors += selection.errors
        }
        return result
    }

    private static var folder: URL? { Bundle.module.url(forResource: "Rules", withExtension: nil) }

    private static var missing: Diagnostic {
        Diagnostic(
            .unreadableFile, at: SourceLocation(file: "Rules", line: 1, column: 1), "the built-in rules are missing from the installation")
    }

    /// Reads the generated index: one line per rule and type, `file id line column type`; a rule's lines are adjacent.
    static func parseIndex(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 5, let row = Int(fields[2]), let column = Int(fields[3]) else {
                preconditionFailure("BuiltInRuleIndex.swift is malformed at '\(line)'; regenerate it (see BuiltInRuleIndexTests)")
            }
            let type = ResourceType(fields[4])
            if let last = entries.last, last.file == fields[0], last.id == fields[1] {
                entries[entries.count - 1].types.append(type)
            } else {
                entries.append(Entry(file: fields[0], id: fields[1], line: row, column: column, types: [type]))
            }
        }
        return entries
    }
}
