public import Foundation
public import SourceModel
import Synchronization

/// The rules of a scan: the built-in pack bundled with Bulwark, plus any rule files a user adds.
public struct RuleCatalog: Sendable {
    public private(set) var rules: [Rule]
    /// Problems in the rule files; a rule with a problem is left out of `rules`.
    public private(set) var errors: [Diagnostic]
    /// The parameter values rules were read with.
    public let parameters: RuleParameters

    public init(rules: [Rule] = [], errors: [Diagnostic] = [], parameters: RuleParameters = .defaults()) {
        self.rules = rules
        self.errors = errors
        self.parameters = parameters
    }

    /// The rules that ship with Bulwark, read with `parameters`.
    public static func builtIn(parameters: RuleParameters = .defaults()) -> RuleCatalog {
        var catalog = RuleCatalog(parameters: parameters)
        guard let folder = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            catalog.errors.append(Diagnostic(.unreadableFile, at: SourceLocation(file: "Rules", line: 1, column: 1), "the built-in rules are missing from the installation"))
            return catalog
        }
        catalog.addRules(inFolder: folder, displayPrefix: "builtin:")
        return catalog
    }

    /// Adds every `.yaml`/`.yml` file under `folder`, in name order.
    public mutating func addRules(inFolder folder: URL, displayPrefix: String? = nil) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            errors.append(Diagnostic(.unreadableFile, at: SourceLocation(file: folder.path, line: 1, column: 1), "no such rule folder; --rules takes a folder of .yaml rule files"))
            return
        }
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path } ?? []
        if files.isEmpty {
            errors.append(Diagnostic(.unreadableFile, at: SourceLocation(file: folder.path, line: 1, column: 1), "no .yaml rule files found in \(folder.path)"))
        }
        // YAML parsing dominates start-up, so files are parsed in parallel and merged in name order.
        let parsed = Mutex<[([Rule], [Diagnostic])?]>(Array(repeating: nil, count: files.count))
        let parameters = self.parameters
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            let name = displayPrefix.map { $0 + file.lastPathComponent } ?? file.path
            guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                let problem = Diagnostic(.unreadableFile, at: SourceLocation(file: name, line: 1, column: 1), "cannot read the rule file as UTF-8 text")
                parsed.withLock { $0[index] = ([], [problem]) }
                return
            }
            var parser = RuleParser(file: name, parameters: parameters)
            let rules = parser.parse(text)
            let errors = parser.errors
            parsed.withLock { $0[index] = (rules, errors) }
        }
        for (rules, errors) in parsed.withLock({ $0 }).compactMap({ $0 }) { merge(rules, errors) }
    }

    /// Parses one rule file's text and adds its rules. Duplicate ids are rejected.
    public mutating func add(yaml: String, file: String) {
        var parser = RuleParser(file: file, parameters: parameters)
        let parsed = parser.parse(yaml)
        merge(parsed, parser.errors)
    }

    private mutating func merge(_ parsed: [Rule], _ newErrors: [Diagnostic]) {
        errors += newErrors
        let frameworks = ComplianceFrameworks.bundled
        for var rule in parsed {
            let problems = frameworks.problems(in: rule)
            guard problems.isEmpty else {
                errors += problems
                continue
            }
            rule.compliance = frameworks.derived(rule.compliance)
            if let existing = rules.first(where: { $0.id.caseInsensitiveEquals(rule.id) }) {
                errors.append(Diagnostic(.duplicateID, at: rule.source, "rule id '\(rule.id)' is already defined at \(existing.source)"))
                continue
            }
            rules.append(rule)
        }
    }

    /// Adds problems found outside the rule files (the project file), so they are reported with the rest.
    public mutating func report(_ problems: [Diagnostic]) {
        errors += problems
    }

    /// The same catalog with only the rules that satisfy `isIncluded`.
    public func filtered(_ isIncluded: (Rule) -> Bool) -> RuleCatalog {
        RuleCatalog(rules: rules.filter(isIncluded), errors: errors, parameters: parameters)
    }

    public func rule(withID id: String) -> Rule? {
        rules.first { $0.id.caseInsensitiveEquals(id) }
    }
}

