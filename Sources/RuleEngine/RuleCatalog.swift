public import Foundation
public import SourceModel
public import PostureModel
import Synchronization

/// The rules of a scan: the built-in pack bundled with Bulwark, plus any rule files a user adds.
///
/// The built-in rules are read only when something needs them: ``rules`` and ``errors`` read all of them (once),
/// ``rules(applyingTo:)`` only the built-in files that have rules for the given resource types. Rule files a user
/// adds are read when they are added, so their problems are known at once.
public struct RuleCatalog: Sendable {
    /// The built-in rules, read on first use; nil for a catalog without them.
    private var builtIn: BuiltInRulePack?
    private var added: [Rule]
    private var addedErrors: [Diagnostic]
    /// The parameter values rules were read with.
    public let parameters: RuleParameters

    public init(rules: [Rule] = [], errors: [Diagnostic] = [], parameters: RuleParameters = .defaults()) {
        self.added = rules
        self.addedErrors = errors
        self.parameters = parameters
    }

    /// The rules that ship with Bulwark, read with `parameters` when they are first needed.
    public static func builtIn(parameters: RuleParameters = .defaults()) -> RuleCatalog {
        var catalog = RuleCatalog(parameters: parameters)
        catalog.builtIn = BuiltInRulePack(parameters: parameters)
        return catalog
    }

    /// Every rule: the built-in ones (all read on the first call), then the added ones, in order.
    public var rules: [Rule] { (builtIn?.everything().rules ?? []) + added }

    /// Problems in the rule files; a rule with a problem is left out of `rules`.
    public var errors: [Diagnostic] { (builtIn?.everything().errors ?? []) + addedErrors }

    /// The rules that apply to some resource of `types`, in catalog order, and the problems in the rule files read
    /// for them. Only the built-in files with such rules are read, so a scan of an empty folder reads none.
    public func rules(applyingTo types: Set<ResourceType>) -> RuleSelection {
        let builtInRules = builtIn?.rules(applyingTo: types) ?? RuleSelection(rules: [], errors: [])
        let addedRules = added.filter { rule in rule.applicability.types.contains { types.contains($0) } }
        return RuleSelection(rules: builtInRules.rules + addedRules, errors: builtInRules.errors + addedErrors)
    }

    /// Adds every `.yaml`/`.yml` file under `folder`, in name order.
    public mutating func addRules(inFolder folder: URL, displayPrefix: String? = nil) {
        let (files, problems) = Self.ruleFiles(inFolder: folder)
        addedErrors += problems
        for (rules, errors) in Self.parse(files, displayPrefix: displayPrefix, parameters: parameters) { merge(rules, errors) }
    }

    /// Parses one rule file's text and adds its rules. Duplicate ids are rejected.
    public mutating func add(yaml: String, file: String) {
        var parser = RuleParser(file: file, parameters: parameters)
        let parsed = parser.parse(yaml)
        merge(parsed, parser.errors)
    }

    private mutating func merge(_ parsed: [Rule], _ newErrors: [Diagnostic]) {
        let builtIn = self.builtIn
        Self.merge(parsed, newErrors, into: &added, errors: &addedErrors) { builtIn?.source(ofRule: $0) }
    }

    /// Adds problems found outside the rule files (the project file), so they are reported with the rest.
    public mutating func report(_ problems: [Diagnostic]) {
        addedErrors += problems
    }

    /// The same catalog with only the rules that satisfy `isIncluded`.
    public func filtered(_ isIncluded: (Rule) -> Bool) -> RuleCatalog {
        RuleCatalog(rules: rules.filter(isIncluded), errors: errors, parameters: parameters)
    }

    public func rule(withID id: String) -> Rule? {
        rules.first { $0.id.caseInsensitiveEquals(id) }
    }
}

/// Some rules of a catalog with the problems found reading them.
public struct RuleSelection: Sendable {
    public var rules: [Rule]
    public var errors: [Diagnostic]

    public init(rules: [Rule], errors: [Diagnostic]) {
        self.rules = rules
        self.errors = errors
    }
}

extension RuleCatalog {
    /// The `.yaml`/`.yml` files under `folder` in path order, or the problem that there are none.
    static func ruleFiles(inFolder folder: URL) -> ([URL], [Diagnostic]) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return (
                [],
                [
                    Diagnostic(
                        .unreadableFile, at: SourceLocation(file: folder.path, line: 1, column: 1),
                        "no such rule folder; --rules takes a folder of .yaml rule files")
                ]
            )
        }
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path } ?? []
        guard files.isEmpty else { return (files, []) }
        return (
            [],
            [
                Diagnostic(
                    .unreadableFile, at: SourceLocation(file: folder.path, line: 1, column: 1),
                    "no .yaml rule files found in \(folder.path)")
            ]
        )
    }

    /// Each file's rules and problems, in the order of `files`. YAML parsing dominates the cost of reading rules,
    /// so the files are parsed in parallel.
    static func parse(_ files: [URL], displayPrefix: String?, parameters: RuleParameters) -> [([Rule], [Diagnostic])] {
        let parsed = Mutex<[([Rule], [Diagnostic])?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            let name = displayPrefix.map { $0 + file.lastPathComponent } ?? file.path
            guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                let problem = Diagnostic(
                    .unreadableFile, at: SourceLocation(file: name, line: 1, column: 1), "cannot read the rule file as UTF-8 text")
                parsed.withLock { $0[index] = ([], [problem]) }
                return
            }
            var parser = RuleParser(file: name, parameters: parameters)
            let rules = parser.parse(text)
            let errors = parser.errors
            parsed.withLock { $0[index] = (rules, errors) }
        }
        return parsed.withLock { $0 }.map { $0 ?? ([], []) }
    }

    /// Adds parsed rules to `rules` with their compliance mapping checked and completed from the bundled
    /// frameworks. A rule whose mapping names an unknown framework or control, or whose id is already in `rules` or
    /// `definedElsewhere`, is left out, with the problem.
    static func merge(
        _ parsed: [Rule], _ newErrors: [Diagnostic], into rules: inout [Rule], errors: inout [Diagnostic],
        definedElsewhere: (String) -> SourceLocation? = { _ in nil }
    ) {
        errors += newErrors
        guard !parsed.isEmpty else { return }
        let frameworks = ComplianceFrameworks.bundled
        var ids = Set(rules.map { $0.id.lowercased() })
        for var rule in parsed {
            let problems = frameworks.problems(in: rule)
            guard problems.isEmpty else {
                errors += problems
                continue
            }
            rule.compliance = frameworks.derived(rule.compliance)
            let existing =
                ids.contains(rule.id.lowercased())
                ? rules.first { $0.id.caseInsensitiveEquals(rule.id) }?.source : definedElsewhere(rule.id)
            if let existing {
                errors.append(Diagnostic(.duplicateID, at: rule.source, "rule id '\(rule.id)' is already defined at \(existing)"))
                continue
            }
            ids.insert(rule.id.lowercased())
            rules.append(rule)
        }
    }
}
