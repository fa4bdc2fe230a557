import LocatedYAML
public import SourceModel

/// The project file's explicit host-to-resource map, the strongest join:
///
/// ```yaml
/// nessus:
///   assets:
///     - host: 10.0.0.4            # ReportHost name, an IP or an FQDN of the host
///       resource: vm-inference    # a resource id, name or Terraform address
/// ```
public struct AssetMap: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var host: String
        public var resource: String
        /// Where the entry is in the project file, for the warning when its resource is not scanned.
        public var location: SourceLocation

        public init(host: String, resource: String, location: SourceLocation) {
            self.host = host
            self.resource = resource
            self.location = location
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The `nessus:` section of a project file. Malformed entries are errors at their line and column and are left
    /// out; the others are kept. A file without the section gives an empty map.
    public static func parse(projectFile text: String, file: String) -> (map: AssetMap, problems: [Diagnostic]) {
        let root: YAMLNode
        do throws(YAMLSyntaxError) {
            // A file that is not YAML is reported once, by the rule parameters that read it too.
            guard let document = try YAMLDocument.compose(text, file: file) else { return (AssetMap(), []) }
            root = document
        } catch {
            return (AssetMap(), [])
        }
        guard let section = root["nessus"] else { return (AssetMap(), []) }
        guard let members = section.mapping else {
            return (AssetMap(), [problem(section.location, "expected 'nessus' to be a mapping with the key 'assets'")])
        }
        var problems: [Diagnostic] = []
        var entries: [Entry] = []
        for member in members where member.key != "assets" {
            problems.append(problem(member.keyLocation, "unknown key '\(member.key)' under 'nessus'; expected 'assets'"))
        }
        guard let assets = section["assets"] else { return (AssetMap(), problems) }
        guard let list = assets.sequence else {
            return (AssetMap(), problems + [problem(assets.location, "expected 'assets' to be a list of {host, resource} entries")])
        }
        for node in list {
            switch entry(node) {
            case .success(let entry): entries.append(entry)
            case .failure(let diagnostic): problems.append(diagnostic)
            }
        }
        return (AssetMap(entries: entries), problems)
    }

    private static func entry(_ node: YAMLNode) -> Result<Entry, Diagnostic> {
        guard let members = node.mapping else {
            return .failure(problem(node.location, "expected an asset entry such as {host: 10.0.0.4, resource: vm-inference}"))
        }
        for member in members where member.key != "host" && member.key != "resource" {
            return .failure(problem(member.keyLocation, "unknown key '\(member.key)' in an asset entry; expected 'host' and 'resource'"))
        }
        var values: [String: String] = [:]
        for key in ["host", "resource"] {
            guard let value = node[key] else {
                return .failure(problem(node.location, "the asset entry has no '\(key)'; give both 'host' and 'resource'"))
            }
            guard let text = value.string, !text.isEmpty else {
                return .failure(problem(value.location, "'\(key)' of an asset entry must be a non-empty string"))
            }
            values[key] = text
        }
        return .success(Entry(host: values["host"] ?? "", resource: values["resource"] ?? "", location: node.location))
    }

    private static func problem(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.nessusAssetMap, at: location, message)
    }
}
