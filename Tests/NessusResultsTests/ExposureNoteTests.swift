import Foundation
import NessusResults
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import Testing

/// Exposure notes: a resource the templates expose to the internet that also has a critical Nessus finding.
@Suite("Nessus exposure notes")
struct ExposureNoteTests {
    static let critical = NessusFixtures.Item(pluginID: "900", name: "Remote code execution", severity: 4)
    static let high = NessusFixtures.Item(pluginID: "901", name: "Weak cipher", severity: 3)

    func merge(_ resources: [String], _ hosts: [(name: String, tags: [String: String], items: [NessusFixtures.Item])]) async throws
        -> ScanResult
    {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", TemplateFixtures.template(resources))
        let report = try folder.write("scan.nessus", NessusFixtures.document(hosts))
        let scan = await Scanner.arm().scan(ScanRequest(paths: [template], catalog: RuleCatalog.builtIn()))
        return NessusMerge(files: [report]).apply(to: scan)
    }

    @Test("a VM behind an NSG open to SSH, with a public IP: the critical finding and BW-NET-001 both say so")
    func securityGroupAndPublicIP() async throws {
        let result = try await merge(
            [
                TemplateFixtures.openSSHGroup("nsg-open"),
                TemplateFixtures.publicIP("pip"),
                TemplateFixtures.nic("nic", ip: "10.0.0.4", publicIP: "pip", securityGroup: "nsg-open"),
                TemplateFixtures.vm("vm", computerName: "vm", nics: ["nic"]),
            ],
            [("10.0.0.4", ["host-ip": "10.0.0.4"], [Self.critical, Self.high])])
        let vulnerability = try #require(result.findings.first { $0.ruleID == "NESSUS-900" })
        #expect(vulnerability.resource.name == "vm")
        #expect(vulnerability.notes.count == 1)
        let note = try #require(vulnerability.notes.first)
        #expect(note.contains("Internet-exposed"))
        #expect(note.contains("public IP address"))
        #expect(note.contains("SSH or RDP from the internet"))
        let exposure = try #require(result.findings.first { $0.ruleID == "BW-NET-001" && $0.status == .fail })
        #expect(
            exposure.notes == [
                "vm, which this exposes, also has a critical vulnerability from Nessus: NESSUS-900 (Remote code execution) on host 10.0.0.4."
            ])
        // A high finding gets no note.
        #expect(result.findings.first { $0.ruleID == "NESSUS-901" }?.notes == [])
    }

    @Test("an AI account with public network access and a critical finding: notes on both; none without exposure")
    func publicNetworkAccess() async throws {
        let result = try await merge(
            [TemplateFixtures.openAIAccount("acct", subdomain: "contoso-ai")],
            [("contoso-ai.openai.azure.com", [:], [Self.critical])])
        let vulnerability = try #require(result.findings.first { $0.ruleID == "NESSUS-900" })
        #expect(vulnerability.notes.first?.contains("it allows public network access") == true)
        let exposure = try #require(result.findings.first { $0.ruleID == "BW-AI-002" && $0.status == .fail })
        #expect(
            exposure.notes == [
                "This resource also has a critical vulnerability from Nessus: NESSUS-900 (Remote code execution) on host contoso-ai.openai.azure.com."
            ])

        let privateVM = try await merge(
            [
                TemplateFixtures.nic("nic", ip: "10.0.0.4"),
                TemplateFixtures.vm("vm", computerName: "vm", nics: ["nic"]),
            ],
            [("10.0.0.4", [:], [Self.critical])])
        #expect(privateVM.findings.first { $0.ruleID == "NESSUS-900" }?.notes == [])
        #expect(privateVM.findings.allSatisfy { $0.notes.isEmpty })
    }
}
