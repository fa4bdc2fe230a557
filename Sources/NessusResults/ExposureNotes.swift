import PostureModel
import RuleEngine

/// Notes for the resources the templates expose to the internet that also have a critical Nessus finding.
///
/// A resource is exposed when a rule of `Resources/exposure.yaml` fails on it (public network access, firewalls that
/// admit the internet), when it is a virtual machine whose network interface has a public IP address, or when it is
/// a virtual machine whose network interface's network security group fails such a rule (SSH, RDP or every port open
/// to the internet). The critical Nessus finding then says why the resource is exposed, and each failing exposure
/// finding names the critical vulnerability.
struct ExposureNotes {
    static let networkSecurityGroup: ResourceType = "Microsoft.Network/networkSecurityGroups"

    let joiner: HostJoiner
    var rules: ExposureRules = .bundled

    private struct Exposure {
        var reason: String
        /// The failing exposure finding, when a rule says it (a public IP on a network interface is no finding).
        var finding: Int?
    }

    func annotate(_ result: inout ScanResult) {
        let severities = Dictionary(result.rules.map { ($0.id, $0.severity) }, uniquingKeysWith: { first, _ in first })
        let critical = result.findings.indices.filter { index in
            let finding = result.findings[index]
            return finding.vulnerability != nil && finding.status == .fail && severities[finding.ruleID] == .critical
        }
        guard !critical.isEmpty else { return }
        let exposures = self.exposures(result.findings)
        for index in critical {
            let finding = result.findings[index]
            guard let resource = joiner.lookup(finding.resource.id), let found = exposures[resource], !found.isEmpty,
                let vulnerability = finding.vulnerability
            else { continue }
            let reasons = Self.unique(found.map(\.reason)).joined(separator: "; ")
            Self.add("Internet-exposed (\(reasons)) and has a critical vulnerability: fix this first.", to: &result.findings[index])
            let name = vulnerability.pluginName.isEmpty ? finding.ruleID : "\(finding.ruleID) (\(vulnerability.pluginName))"
            for exposure in found {
                guard let other = exposure.finding else { continue }
                let onSame = result.findings[other].resource.id == finding.resource.id
                let subject = onSame ? "This resource" : "\(finding.resource.name), which this exposes,"
                Self.add(
                    "\(subject) also has a critical vulnerability from Nessus: \(name) on host \(vulnerability.host).",
                    to: &result.findings[other])
            }
        }
    }

    /// Exposures by resource index (into the joiner's resources).
    private func exposures(_ findings: [Finding]) -> [Int: [Exposure]] {
        var exposures: [Int: [Exposure]] = [:]
        var nicsBySecurityGroup: [Int: [Int]] = [:]
        for (index, resource) in joiner.resources.enumerated() where resource.type == HostJoiner.networkInterface {
            let owner = joiner.owner(of: index)
            if !resource.values(at: "properties.ipConfigurations[].properties.publicIPAddress").isEmpty, owner != index {
                exposures[owner, default: []].append(Exposure(reason: "its network interface has a public IP address", finding: nil))
            }
            for id in resource.strings(at: "properties.networkSecurityGroup.id") {
                if let group = joiner.lookup(id) { nicsBySecurityGroup[group, default: []].append(owner) }
            }
        }
        for (index, finding) in findings.enumerated() where finding.status == .fail {
            guard let reason = rules.reasons[finding.ruleID], let resource = joiner.lookup(finding.resource.id) else { continue }
            exposures[resource, default: []].append(Exposure(reason: reason, finding: index))
            if let group = securityGroup(of: resource) {
                for owner in nicsBySecurityGroup[group] ?? [] where owner != resource {
                    exposures[owner, default: []].append(Exposure(reason: reason, finding: index))
                }
            }
        }
        return exposures
    }

    /// The network security group a resource is, or belongs to (a security rule's parent).
    private func securityGroup(of index: Int) -> Int? {
        let resource = joiner.resources[index]
        if resource.type == Self.networkSecurityGroup { return index }
        guard resource.type.parent == Self.networkSecurityGroup, let parent = resource.parentID else { return nil }
        return joiner.lookup(parent)
    }

    private static func add(_ note: String, to finding: inout Finding) {
        if !finding.notes.contains(note) { finding.notes.append(note) }
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen: [String] = []
        for text in texts where !seen.contains(text) { seen.append(text) }
        return seen
    }
}
