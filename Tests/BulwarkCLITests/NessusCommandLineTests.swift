import Foundation
import ScanTesting
import Testing

/// `bulwark scan --nessus` end to end: findings in the report, the asset map read from --config, and a refused file
/// reported with exit code 2 while the templates are still scanned.
@Suite("scan --nessus command line")
struct NessusCommandLineTests {
    let cli = CommandLineTests()

    static let template = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-07-01", "name": "vm-a", "location": "westeurope",
             "properties": {"osProfile": {"computerName": "alpha"}, "networkProfile": {"networkInterfaces": []}}}
          ]
        }
        """

    static let nessus = """
        <?xml version="1.0" ?>
        <NessusClientData_v2><Report name="r">
        <ReportHost name="10.0.0.9"><HostProperties><tag name="host-ip">10.0.0.9</tag></HostProperties>
        <ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10267" pluginName="SSH Server Type and Version Information" pluginFamily="Service detection"></ReportItem>
        <ReportItem port="22" svc_name="ssh" protocol="tcp" severity="3" pluginID="70658" pluginName="SSH Server CBC Mode Ciphers Enabled" pluginFamily="Misc.">
        <synopsis>The SSH server is configured to use Cipher Block Chaining.</synopsis><cve>CVE-2008-5161</cve><cvss3_base_score>7.5</cvss3_base_score>
        </ReportItem>
        </ReportHost></Report></NessusClientData_v2>
        """

    @Test("--nessus adds NESSUS-<id> findings joined through the --config asset map, and fails the scan at their severity")
    func mergesWithAssetMap() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Self.template)
        let report = try folder.write("hosts.nessus", Self.nessus)
        let config = try folder.write("bulwark.yaml", "nessus:\n  assets:\n    - {host: 10.0.0.9, resource: vm-a}\n")
        let run = try cli.run(["scan", template, "--nessus", report, "--config", config, "--format", "json"])
        #expect(run.status == 1, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let nessus = findings.filter { ($0["ruleId"] as? String) == "NESSUS-70658" }
        #expect(nessus.count == 1)
        #expect((nessus.first?["resource"] as? [String: Any])?["name"] as? String == "vm-a")
        #expect(nessus.first?["status"] as? String == "fail")
        #expect(try cli.run(["scan", template, "--nessus", report, "--config", config, "--fail-on", "critical"]).status == 0)
    }

    @Test("a .nessus file with a DTD exits 2 with the file:line:column; the templates are still judged")
    func refusedFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Self.template)
        let report = try folder.write(
            "evil.nessus", "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">\n<x/>\n")
        let run = try cli.run(["scan", template, "--nessus", report, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.error.contains("\(report):2:1"), "\(run.error)")
        #expect(run.error.contains("DOCTYPE"))
        let bad = try cli.run(["scan", template, "--nessus", report, "--config", try folder.write("c.yaml", "nessus: [oops]\n")])
        #expect(bad.status == 2)
        #expect((bad.output + bad.error).contains("c.yaml:1:9"), "\(bad.output)")
    }
}
