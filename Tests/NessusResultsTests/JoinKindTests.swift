import Foundation
import NessusResults
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// Each join kind on hand-written hosts and resources, the order of strength, ownership (public IP → network
/// interface → virtual machine), Bicep input, and the asset map's errors.
@Suite("Nessus host joins")
struct JoinKindTests {
    static let critical = NessusFixtures.Item(pluginID: "900", name: "Remote code execution", severity: 4)

    func merge(
        template: String, named name: String = "main.json", nessus: String, assets: AssetMap = AssetMap(),
        scanner: Scanning.Scanner = .arm()
    ) async throws -> ScanResult {
        let folder = try TemporaryFolder()
        let path = try folder.write(name, template)
        let report = try folder.write("scan.nessus", nessus)
        let scan = await scanner.scan(ScanRequest(paths: [path], catalog: RuleCatalog.builtIn()))
        #expect(scan.errors.isEmpty, "\(scan.errors)")
        return NessusMerge(files: [report], assetMap: assets).apply(to: scan)
    }

    /// Each host's join and the last segment of its resource's id, as "kind resource" ("none" when absent).
    func joined(_ result: ScanResult) -> [String: String] {
        var joins: [String: String] = [:]
        for host in result.hosts {
            let resource = host.resourceID?.split(separator: "/").last.map(String.init) ?? "none"
            joins[host.name] = (host.joinedBy?.rawValue ?? "none") + " " + resource
        }
        return joins
    }

    @Test("resource id tag, service endpoint FQDN, DNS label, public IP address and vmId, each to its owner")
    func everyJoinKind() async throws {
        let template = TemplateFixtures.template([
            TemplateFixtures.vm("vm-tagged", computerName: "tagged", nics: []),
            TemplateFixtures.openAIAccount("acct", subdomain: "contoso-ai"),
            TemplateFixtures.publicIP("pip-live", address: "20.1.2.3"),
            TemplateFixtures.nic("nic-live", ip: "10.0.0.5", allocation: "Dynamic", publicIP: "pip-live"),
            TemplateFixtures.vm("vm-live", computerName: "live", nics: ["nic-live"]),
            TemplateFixtures.publicIP("pip-label", label: "gpu-box"),
            TemplateFixtures.vm("vm-guid", computerName: "guid", nics: [], vmID: "5c3a0e1f-0000-4000-8000-000000000001"),
        ])
        let nessus = NessusFixtures.document([
            (
                "tagged-host",
                ["azure-resource-id": "/subscriptions/1111/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm-tagged"],
                [Self.critical]
            ),
            ("contoso-ai.openai.azure.com", ["host-ip": "52.1.1.1"], [Self.critical]),
            ("20.1.2.3", ["host-ip": "20.1.2.3"], [Self.critical]),
            ("scanner-target", ["host-fqdn": "gpu-box.westeurope.cloudapp.azure.com"], [Self.critical]),
            ("guid-host", ["azure_vm_id": "5C3A0E1F-0000-4000-8000-000000000001"], [Self.critical]),
        ])
        let result = try await merge(template: template, nessus: nessus)
        let joins = joined(result)
        #expect(joins["tagged-host"] == "resource-tag vm-tagged")
        #expect(joins["contoso-ai.openai.azure.com"] == "fqdn acct")
        #expect(joins["20.1.2.3"] == "ip-address vm-live")
        #expect(joins["scanner-target"] == "fqdn pip-label")
        #expect(joins["guid-host"] == "resource-tag vm-guid")
        let onLive = try #require(result.findings.first { $0.vulnerability?.host == "20.1.2.3" })
        #expect(onLive.resource.name == "vm-live")
        #expect(onLive.location.file.hasSuffix("main.json"))
        #expect(onLive.location.line > 1)
    }

    @Test("the asset map wins over every other evidence; names, ids and FQDNs all find the host")
    func assetMapFirst() async throws {
        let template = TemplateFixtures.template([
            TemplateFixtures.vm("vm-a", computerName: "alpha", nics: ["nic-a"]),
            TemplateFixtures.nic("nic-a", ip: "10.0.0.4"),
            TemplateFixtures.vm("vm-b", computerName: "bravo", nics: []),
        ])
        let nessus = NessusFixtures.document([
            ("alpha", ["host-ip": "10.0.0.4", "netbios-name": "ALPHA"], [Self.critical]),
            ("10.0.0.4", ["host-ip": "10.0.0.4"], [Self.critical]),
        ])
        let location = SourceLocation(file: ".bulwark.yaml", line: 4, column: 7)
        let byName = try await merge(
            template: template, nessus: nessus, assets: AssetMap(entries: [.init(host: "ALPHA", resource: "vm-b", location: location)]))
        #expect(joined(byName)["alpha"] == "asset-map vm-b")
        #expect(joined(byName)["10.0.0.4"] == "ip-address vm-a")
        // Without the map: the hostname is stronger than the address.
        let plain = try await merge(template: template, nessus: nessus)
        #expect(joined(plain)["alpha"] == "hostname vm-a")
        #expect(joined(plain)["10.0.0.4"] == "ip-address vm-a")
        // A map entry naming no scanned resource is a warning at the entry.
        let missing = try await merge(
            template: template, nessus: nessus, assets: AssetMap(entries: [.init(host: "alpha", resource: "vm-zzz", location: location)]))
        let warning = try #require(missing.problems.first { $0.code == .nessusAssetUnmatched })
        #expect(warning.severity == .warning)
        #expect(warning.location == location)
    }

    @Test("a Bicep virtual machine owns its network interface's static address; findings point at the .bicep file")
    func bicepJoin() async throws {
        let bicep = """
            resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {
              name: 'nic-adam'
              location: 'westeurope'
              properties: {
                ipConfigurations: [
                  {
                    name: 'ipconfig1'
                    properties: {
                      privateIPAllocationMethod: 'Static'
                      privateIPAddress: '192.168.16.133'
                    }
                  }
                ]
              }
            }

            resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
              name: 'adam'
              location: 'westeurope'
              properties: {
                osProfile: {
                  computerName: 'win10'
                  adminUsername: 'azureuser'
                }
                networkProfile: {
                  networkInterfaces: [
                    { id: nic.id }
                  ]
                }
              }
            }

            """
        let nessus = NessusFixtures.document([("adam-host", ["host-ip": "192.168.16.133"], [Self.critical])])
        let result = try await merge(template: bicep, named: "main.bicep", nessus: nessus, scanner: .standard())
        #expect(joined(result)["adam-host"] == "ip-address adam")
        let finding = try #require(result.findings.first { $0.ruleID == "NESSUS-900" })
        #expect(finding.location.file.hasSuffix("main.bicep"))
        #expect(finding.location.line == 17)
    }

    @Test("the same unmatched host in two files is one host resource")
    func oneHostResource() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", TemplateFixtures.template([TemplateFixtures.vm("vm", computerName: "vm", nics: [])]))
        let first = try folder.write("a.nessus", NessusFixtures.document([("box.example.org", [:], [Self.critical])]))
        let second = try folder.write("b.nessus", NessusFixtures.document([("box.example.org", [:], [Self.critical])]))
        let scan = await Scanner.arm().scan(ScanRequest(paths: [template], catalog: RuleCatalog.builtIn()))
        let result = NessusMerge(files: [first, second]).apply(to: scan)
        #expect(result.resources.count { $0.type == NessusMerge.hostType } == 1)
        #expect(result.hosts.count == 2)
        #expect(result.findings.count { $0.ruleID == "NESSUS-900" } == 2)
        #expect(result.rules.count { $0.id == "NESSUS-900" } == 1)
        #expect(result.files.suffix(2) == [first, second])
    }
}
