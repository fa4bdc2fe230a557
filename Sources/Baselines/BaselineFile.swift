public import Foundation
import LocatedJSON
public import PostureModel
import SourceModel

/// A baseline: the failures a team has accepted for now, recorded by fingerprint so that later scans fail only on
/// what is new. Written as JSON, one entry per line in a stable order, so that a change to it reads well in review.
///
/// ```json
/// {
///   "bulwarkBaseline": 1,
///   "tool": "bulwark 1.0.0",
///   "entries": [
///     {"fingerprint": "…", "ruleId": "BW-AI-001", "resourceType": "…", "resourceName": "…", …}
///   ]
/// }
/// ```
public struct BaselineFile: Sendable, Hashable {
    /// The format this build reads and writes. A file of another format is refused rather than misread.
    public static let formatVersion = 1

    public var entries: [BaselineEntry]
    /// The tool that wrote it (`bulwark 1.0.0`), for people; not checked.
    public var tool: String

    public init(entries: [BaselineEntry], tool: String = "\(ToolInfo.name) \(ToolInfo.version)") {
        self.entries = entries
        self.tool = tool
    }

    /// Today's failures, as a baseline records them: findings whose status is `fail` (an expired suppression
    /// included), one entry per fingerprint. Suppressed and undecided findings are not failures and are left out.
    public init(recording findings: [Finding]) {
        var seen: Set<String> = []
        var entries: [BaselineEntry] = []
        for finding in findings where finding.status == .fail {
            let entry = BaselineEntry(finding)
            if seen.insert(entry.fingerprint).inserted { entries.append(entry) }
        }
        self.init(entries: entries)
    }

    /// The file's text: entries ordered by file, rule, resource and fingerprint.
    public func rendered() -> Data {
        let ordered = entries.sorted {
            ($0.file, $0.ruleId, $0.resourceName, $0.fingerprint) < ($1.file, $1.ruleId, $1.resourceName, $1.fingerprint)
        }
        var text = "{\n  \"bulwarkBaseline\": \(Self.formatVersion),\n  \"tool\": \(Value.jsonQuoted(tool)),\n  \"entries\": ["
        for (position, entry) in ordered.enumerated() {
            text += position == 0 ? "\n    " : ",\n    "
            text += Self.line(entry)
        }
        text += ordered.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return Data(text.utf8)
    }

    static func line(_ entry: BaselineEntry) -> String {
        var members = [
            ("fingerprint", entry.fingerprint), ("ruleId", entry.ruleId), ("resourceType", entry.resourceType),
            ("resourceName", entry.resourceName), ("resourceId", entry.resourceId),
        ]
        if let address = entry.address { members.append(("address", address)) }
        members.append(("file", entry.file))
        if let property = entry.property { members.append(("property", property)) }
        return "{" + members.map { "\(Value.jsonQuoted($0.0)): \(Value.jsonQuoted($0.1))" }.joined(separator: ", ") + "}"
    }
}
