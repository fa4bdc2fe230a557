import Foundation
public import PostureModel
public import RuleEngine
public import SourceModel

/// `--nessus`: merges Nessus results into a scan. Each item of severity 1–4 becomes a failing finding
/// `NESSUS-<pluginID>` on the resource its host joins to (or on a `host` resource of its own), with one external rule
/// per plugin; informational items become the host's open ports; every host is listed in ``ScanResult/hosts``; and
/// exposed resources with a critical vulnerability get notes (see ``ExposureNotes``).
public struct NessusMerge: Sendable {
    /// The rule category of Nessus findings.
    public static let category = "vulnerability"
    /// The type of the resources that stand for hosts no scanned resource matched.
    public static let hostType: ResourceType = "host"

    public var files: [String]
    public var assetMap: AssetMap
    /// Problems with the project file's `nessus:` section, reported with the merge.
    public var configurationProblems: [Diagnostic]

    public init(files: [String], assetMap: AssetMap = AssetMap(), configurationProblems: [Diagnostic] = []) {
        self.files = files
        self.assetMap = assetMap
        self.configurationProblems = configurationProblems
    }

    /// The merge configured from a project file's text (its `nessus:` section), or with no asset map.
    public init(files: [String], projectFile: (text: String, path: String)?) {
        guard let projectFile else {
            self.init(files: files)
            return
        }
        let parsed = AssetMap.parse(projectFile: projectFile.text, file: projectFile.path)
        self.init(files: files, assetMap: parsed.map, configurationProblems: parsed.problems)
    }

    /// The id of the resource that stands for an unmatched host.
    public static func hostResourceID(_ name: String) -> String { "host://" + name.lowercased() }

    public func apply(to scan: ScanResult) -> ScanResult {
        var result = scan
        result.problems += configurationProblems
        let read = files.map(NessusReader.read)
        let joiner = HostJoiner(resources: scan.resources, assetMap: assetMap)
        var knownRules = Set(result.rules.map(\.id))
        var hostResources: [String: Int] = [:]
        for file in read {
            result.files.append(file.path)
            result.problems += file.problems
            for host in file.hosts {
                let joined = joiner.join(host)
                let resource: Resource
                if let joined {
                    resource = scan.resources[joined.resource]
                } else {
                    let id = Self.hostResourceID(host.name)
                    if let existing = hostResources[id] {
                        resource = result.resources[existing]
                    } else {
                        resource = Self.hostResource(host, id: id)
                        hostResources[id] = result.resources.count
                        result.resources.append(resource)
                    }
                }
                result.hosts.append(scannedHost(host, resource: joined.map { _ in resource }, join: joined?.join))
                for item in host.vulnerabilities {
                    result.findings.append(finding(item, host: host, on: resource, join: joined?.join))
                    if knownRules.insert(Self.ruleID(item)).inserted { result.rules.append(Self.rule(item)) }
                }
            }
        }
        for entry in assetMap.entries where joiner.resource(named: entry.resource) == nil {
            result.problems.append(
                Diagnostic(
                    .nessusAssetUnmatched, .warning, at: entry.location,
                    "the asset map names '\(entry.resource)', which is not among the scanned resources; give its id, name or Terraform address"
                ))
        }
        ExposureNotes(joiner: joiner).annotate(&result)
        return result
    }

    static func ruleID(_ item: NessusItem) -> String { "NESSUS-" + item.pluginID }

    static func rule(_ item: NessusItem) -> Rule {
        Rule.external(
            id: ruleID(item), title: item.pluginName.isEmpty ? "Nessus plugin \(item.pluginID)" : item.pluginName,
            severity: item.ruleSeverity, category: category,
            rationale: item.description ?? item.synopsis ?? item.pluginName, links: item.seeAlso, source: item.location)
    }

    static func hostResource(_ host: NessusHost, id: String) -> Resource {
        var members = [Value.Member(key: "name", value: .string(host.name))]
        if let ip = host.addresses.first { members.append(Value.Member(key: "ipAddress", value: .string(ip))) }
        if let fqdn = host.fqdns.first { members.append(Value.Member(key: "fqdn", value: .string(fqdn))) }
        if let os = host.operatingSystem { members.append(Value.Member(key: "operatingSystem", value: .string(os))) }
        let body = Value(.object([Value.Member(key: "properties", value: Value(.object(members)))]))
        return Resource(
            type: hostType, name: host.name, id: id, body: body, source: host.location, origin: .vulnerabilityScan)
    }

    func scannedHost(_ host: NessusHost, resource: Resource?, join: HostJoin?) -> ScannedHost {
        ScannedHost(
            name: host.name, addresses: host.addresses, fqdns: host.fqdns, hostname: host.tags["hostname"],
            netbiosName: host.tags["netbios-name"], operatingSystem: host.operatingSystem, openPorts: host.openPorts,
            resourceID: resource?.id, joinedBy: join, source: host.location)
    }

    func finding(_ item: NessusItem, host: NessusHost, on resource: Resource, join: HostJoin?) -> Finding {
        let summary = item.synopsis ?? (item.pluginName.isEmpty ? "Nessus plugin \(item.pluginID)" : item.pluginName)
        var finding = Finding(
            ruleID: Self.ruleID(item), status: .fail, resource: ResourceReference(resource), property: "\(item.port)/\(item.transport)",
            actual: nil, message: "\(summary) (host \(host.name), \(item.port)/\(item.transport))",
            location: join == nil ? item.location : resource.source)
        finding.vulnerability = Vulnerability(
            pluginID: item.pluginID, pluginName: item.pluginName, host: host.name, port: item.port, transport: item.transport,
            service: item.service, cves: item.cves, cvss3BaseScore: item.cvss3BaseScore, solution: item.solution,
            pluginOutput: item.pluginOutput, seeAlso: item.seeAlso, joinedBy: join)
        return finding
    }
}
