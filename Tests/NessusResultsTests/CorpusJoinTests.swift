import Foundation
import NessusResults
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// The corpus samples joined to hand-written ARM templates that own their addresses: every join kind the samples
/// allow (asset map, FQDN, hostname, IP address), and the hosts no resource owns kept as `host` resources.
@Suite("Nessus corpus joined to templates")
struct CorpusJoinTests {
    static let qaHosts = [1, 2, 3, 4, 5, 6, 9]

    static func estate() -> String {
        var resources = [
            TemplateFixtures.vm("vm-adam", computerName: "win10-adam", nics: ["nic-adam"]),
            TemplateFixtures.nic("nic-adam", ip: "192.168.16.133"),
            TemplateFixtures.publicIP("pip-web", fqdn: "testphp.vulnweb.com"),
            TemplateFixtures.nic("nic-web", ip: "10.9.0.4", allocation: "Dynamic", publicIP: "pip-web"),
            TemplateFixtures.vm("vm-web", computerName: "web01", nics: ["nic-web"]),
            TemplateFixtures.vm("vm-mike", computerName: "mike", nics: []),
            // A dynamic address is not an identity: 192.168.2.101 stays a host of its own.
            TemplateFixtures.nic("nic-dynamic", ip: "192.168.2.101", allocation: "Dynamic"),
        ]
        for number in qaHosts {
            // qa3app01's computer name is its NetBIOS name; the others are known by their static addresses only.
            resources.append(
                TemplateFixtures.vm(
                    "vm-qa0\(number)", computerName: number == 1 ? "QA3APP01" : "app-0\(number)", nics: ["nic-qa0\(number)"]))
            resources.append(TemplateFixtures.nic("nic-qa0\(number)", ip: "10.31.112.2\(number)"))
        }
        return TemplateFixtures.template(resources)
    }

    @Test("every sample joined: IP, hostname, FQDN and asset map; unmatched hosts become host resources")
    func joinsEverySample() async throws {
        let files = [Corpus.pytenable, Corpus.qaEstate, Corpus.cvss3, Corpus.libnessus, Corpus.rubyNessus].compactMap(Corpus.nessus)
        guard files.count == 5 else { return }
        let folder = try TemporaryFolder()
        let template = try folder.write("estate.json", Self.estate())
        let scan = await Scanner.arm().scan(ScanRequest(paths: [template], catalog: RuleCatalog.builtIn()))
        #expect(scan.errors.isEmpty, "\(scan.errors)")
        let assets = AssetMap(entries: [
            .init(host: "192.168.2.100", resource: "vm-mike", location: SourceLocation(file: "p.yaml", line: 3, column: 7))
        ])
        let result = NessusMerge(files: files, assetMap: assets).apply(to: scan)
        #expect(result.errors.isEmpty, "\(result.errors)")

        let joins = Dictionary(result.hosts.map { ($0.name, $0.joinedBy) }, uniquingKeysWith: { first, _ in first })
        let owners = Dictionary(result.hosts.map { ($0.name, $0.resourceID) }, uniquingKeysWith: { first, _ in first })
        #expect(result.hosts.count == 14)
        #expect(joins["adam"] == .ipAddress)
        #expect(owners["adam"]??.hasSuffix("/virtualMachines/vm-adam") == true)
        #expect(joins["qa3app01"] == .hostname)
        for number in Self.qaHosts.dropFirst() {
            #expect(joins["qa3app0\(number)"] == .ipAddress)
            #expect(owners["qa3app0\(number)"]??.hasSuffix("/virtualMachines/vm-qa0\(number)") == true)
        }
        #expect(joins["testphp.vulnweb.com"] == .fqdn)
        #expect(owners["testphp.vulnweb.com"]??.hasSuffix("/virtualMachines/vm-web") == true)
        #expect(joins["192.168.2.100"] == .assetMap)
        for unmatched in ["192.168.2.101", "192.168.2.104", "snorby.org", "scanme.insecure.org"] {
            #expect(joins[unmatched] == .some(nil), "\(unmatched)")
            #expect(owners[unmatched] == .some(nil))
            #expect(result.resources.contains { $0.id == "host://\(unmatched)" && $0.type == NessusMerge.hostType })
        }

        // Findings: every vulnerability of every sample, on its owner, located at the owner's declaration.
        let nessus = result.findings.filter { $0.vulnerability != nil }
        let expectedCount = [95, 30, 26, 35, 50].reduce(0, +)
        #expect(nessus.count == expectedCount)
        #expect(nessus.allSatisfy { $0.status == .fail && $0.ruleID.hasPrefix("NESSUS-") })
        let onAdam = nessus.filter { $0.resource.name == "vm-adam" }
        #expect(onAdam.count == 95)
        #expect(onAdam.allSatisfy { $0.location.file == template && $0.vulnerability?.joinedBy == .ipAddress })
        let onSnorby = nessus.filter { $0.resource.name == "snorby.org" }
        #expect(onSnorby.count == 35)
        #expect(onSnorby.allSatisfy { $0.location.file.hasSuffix("example_v2.nessus") && $0.location.line > 1374 })
        #expect(onSnorby.allSatisfy { $0.vulnerability?.joinedBy == nil })

        // One external rule per plugin, with the plugin's name and severity.
        let ruleIDs = result.rules.map(\.id).filter { $0.hasPrefix("NESSUS-") }
        #expect(Set(ruleIDs).count == ruleIDs.count)
        #expect(Set(ruleIDs) == Set(nessus.map(\.ruleID)))
        let critical = try #require(result.rules.first { $0.id == "NESSUS-58987" })
        #expect(critical.severity == .critical)
        #expect(critical.category == "vulnerability")
        #expect(critical.title.contains("PHP"))
        // Baseline fingerprints stay distinct for a plugin seen on several ports of one host.
        #expect(Set(onAdam.map(\.fingerprint)).count == onAdam.count)
    }
}
