import Foundation
import SourceModel
import PostureModel
import Synchronization

/// The rules bundled with Bulwark (`Rules/*.yaml`), read rule by rule when something first needs them.
///
/// Parsing the YAML was most of a scan's start-up. `BuiltInRuleIndex.swift`, generated from the rule files (and
/// checked against them by `BuiltInRuleIndexTests`), says which rules each file holds and which resource types
/// they apply to. So a scan parses only the rules for the resource types it found (none for an empty folder), and
/// a user's rule is checked for a duplicate id without reading any. Listing every rule (`bulwark rules`, SARIF)
/// reads the whole folder exactly as before, without the index. Two scans racing for the same unread file may both
/// parse it; the first result is kept.
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

    /// What has been read of one file: rules by id (compliance checked and completed), and, once the whole file
    /// has been read, its problems.
    struct FileState: Sendable {
        var rules: [String: Rule] = [:]
        var errors: [Diagnostic] = []
        var isComplete = false
    }

    let parameters: RuleParameters
    private let parsedFiles = Mutex<[String: FileState]>([:])
    /// The whole folder, once read.
    private let whole = Mutex<RuleSelection?>(nil)

    init(parameters: RuleParameters) {
        self.parameters = parameters
    }

    /// Where the built-in rule `id` is defined, or nil when there is no such built-in rule. Only that rule is read,
    /// and only when there is one (a user's rule reusing a built-in id).
    func source(ofRule id: String) -> SourceLocation? {
        guard let entry = Self.entries.first(where: { $0.id.caseInsensitiveEquals(id) }) else { return nil }
        let rule = read([entry.file: [entry.id]])[entry.file]?.rules[entry.id]
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

    /// The built-in rules that apply to some resource of `types`, in catalog order, with the problems of the files
    /// read whole. Only those rules are read (each at most once over the pack's life).
    func rules(applyingTo types: Set<ResourceType>) -> RuleSelection {
        guard !types.isEmpty else { return RuleSelection(rules: [], errors: []) }
        let entries = Self.entries.filter { $0.types.contains(where: types.contains) }
        guard !entries.isEmpty else { return RuleSelection(rules: [], errors: []) }
        guard Self.folder != nil else { return RuleSelection(rules: [], errors: [Self.missing]) }
        let files = read(Dictionary(grouping: entries, by: \.file).mapValues { Set($0.map(\.id)) })
        var result = RuleSelection(rules: [], errors: [])
        for file in Self.files {
            guard let state = files[file], entries.contains(where: { $0.file == file }) else { continue }
            result.errors += state.errors
            // Catalog order is index order; a whole file read may hold a rule with a problem, left out.
            result.rules += entries.filter { $0.file == file }.compactMap { state.rules[$0.id] }
                .filter { rule in rule.applicability.types.contains(where: types.contains) }
        }
        return result
    }

    /// Reads the rules named (file → ids) that were not read yet, files in parallel, and returns what is known of
    /// each file. A file is read whole when all its rules are wanted, else only the wanted rules' lines are parsed
    /// (see ``partialText(_:keeping:of:)``), falling back to the whole file if that does not give exactly them.
    private func read(_ wanted: [String: Set<String>]) -> [String: FileState] {
        // Most rules first, so the two or more threads parsing them finish at about the same time.
        let jobs: [(file: String, ids: Set<String>)] = parsedFiles.withLock { read in
            Self.files.compactMap { file in
                guard let ids = wanted[file], read[file]?.isComplete != true else { return nil }
                let missing = ids.filter { read[file]?.rules[$0] == nil }
                return missing.isEmpty ? nil : (file, missing)
            }
        }.sorted { $0.ids.count > $1.ids.count }
        if let folder = Self.folder, !jobs.isEmpty {
            let parameters = self.parameters
            let results = Mutex<[String: FileState]>([:])
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                let job = jobs[index]
                let state = Self.read(folder.appendingPathComponent(job.file), name: job.file, ids: job.ids, parameters: parameters)
                results.withLock { $0[job.file] = state }
            }
            let fresh = results.withLock { $0 }
            parsedFiles.withLock { read in
                for (file, state) in fresh {
                    if state.isComplete {
                        read[file] = state
                    } else {
                        read[file, default: FileState()].rules.merge(state.rules) { earlier, _ in earlier }
                    }
                }
            }
        }
        return parsedFiles.withLock { $0 }
    }

    /// One file's rules `ids`, or all of it (`isComplete`) when they are all its rules or reading them alone failed.
    private static func read(_ url: URL, name: String, ids: Set<String>, parameters: RuleParameters) -> FileState {
        let display = displayPrefix + name
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            let problem = Diagnostic(
                .unreadableFile, at: SourceLocation(file: display, line: 1, column: 1), "cannot read the rule file as UTF-8 text")
            return FileState(rules: [:], errors: [problem], isComplete: true)
        }
        let order = entries.filter { $0.file == name }.map(\.id)
        if ids.count < order.count, let partial = partialText(text, keeping: ids, of: order) {
            var parser = RuleParser(file: display, parameters: parameters)
            let parsed = parser.parse(partial)
            var state = FileState()
            var errors: [Diagnostic] = parser.errors
            var rules: [Rule] = []
            RuleCatalog.merge(parsed, [], into: &rules, errors: &errors)
            if errors.isEmpty, Set(rules.map(\.id)) == ids, rules.count == ids.count {
                for rule in rules { state.rules[rule.id] = rule }
                return state
            }
        }
        var parser = RuleParser(file: display, parameters: parameters)
        let parsed = parser.parse(text)
        var state = FileState(isComplete: true)
        var rules: [Rule] = []
        RuleCatalog.merge(parsed, parser.errors, into: &rules, errors: &state.errors)
        for rule in rules { state.rules[rule.id] = rule }
        return state
    }

    /// The rule file's text with every line of the rules other than `kept` blanked, so the rest parses at the same
    /// lines and columns. `order` is the file's rule ids in order (from the index), matched to the items of its
    /// top-level `rules:` list. Nil when the file's shape is not that list of as many items.
    static func partialText(_ text: String, keeping kept: Set<String>, of order: [String]) -> String? {
        // Bytes, not Characters: splitting a 50 KB file into Character lines cost more than parsing its kept rules.
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var lineStart = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(lineStart..<index)
            lineStart = index + 1
        }
        lines.append(lineStart..<bytes.count)
        let rulesKey = Array("rules:".utf8)
        guard let listLine = lines.firstIndex(where: { bytes[$0].starts(with: rulesKey) }) else { return nil }
        var indent: Int?
        var starts: [Int] = []
        for index in lines.indices where index > listLine {
            let line = bytes[lines[index]]
            let spaces = line.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.dropFirst(spaces)
            guard let first = rest.first, first != UInt8(ascii: "#") else { continue }
            let isItem = first == UInt8(ascii: "-") && rest.dropFirst().first == UInt8(ascii: " ")
            if indent == nil, isItem { indent = spaces }
            if spaces == indent, isItem { starts.append(index) }
            if let indent, spaces < indent || (spaces == indent && !isItem) { break }
        }
        guard starts.count == order.count else { return nil }
        var blank = [Bool](repeating: false, count: lines.count)
        for (item, start) in starts.enumerated() where !kept.contains(order[item]) {
            for index in start..<(item + 1 < starts.count ? starts[item + 1] : lines.count) { blank[index] = true }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, line) in lines.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\n")) }
            if !blank[index] { output += bytes[line] }
        }
        return String(decoding: output, as: UTF8.self)
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
