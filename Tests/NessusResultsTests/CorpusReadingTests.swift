import Foundation
import NessusResults
import PostureModel
import Testing

/// Every sample of `corpus/nessus` read with every `ReportItem` accounted for: vulnerabilities (severity 1–4) plus
/// inventory items (severity 0) equal the items in the file, as the corpus README counts them.
@Suite("Nessus corpus reading")
struct CorpusReadingTests {
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var hosts: [String]
        var items: Int
        /// Items of severity 0, 1, 2, 3, 4.
        var severities: [Int]
        var description: String { file }
    }

    static let samples: [Expected] = [
        Expected(file: Corpus.pytenable, hosts: ["adam"], items: 230, severities: [135, 2, 9, 77, 7]),
        Expected(file: Corpus.cvss3, hosts: ["testphp.vulnweb.com"], items: 49, severities: [23, 1, 13, 10, 2]),
        Expected(
            file: Corpus.qaEstate, hosts: ["qa3app09", "qa3app06", "qa3app05", "qa3app04", "qa3app03", "qa3app02", "qa3app01"],
            items: 296, severities: [266, 7, 23, 0, 0]),
        Expected(file: Corpus.rubyNessus, hosts: ["snorby.org", "scanme.insecure.org"], items: 69, severities: [19, 47, 3, 0, 0]),
        Expected(
            file: Corpus.libnessus, hosts: ["192.168.2.104", "192.168.2.101", "192.168.2.100"], items: 106, severities: [71, 10, 20, 3, 2]),
    ]

    @Test("each sample: its hosts, and findings + inventory items == the ReportItems in the file", arguments: samples)
    func everyItemAccountedFor(_ expected: Expected) throws {
        guard let path = Corpus.nessus(expected.file) else { return }
        let file = NessusReader.read(path)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.hosts.map(\.name) == expected.hosts)
        #expect(file.reportItems == expected.items)
        let vulnerabilities = file.hosts.flatMap(\.vulnerabilities)
        let inventory = file.hosts.map(\.inventoryItems).reduce(0, +)
        #expect(vulnerabilities.count + inventory + file.skippedItems == expected.items)
        #expect(file.skippedItems == 0)
        #expect(inventory == expected.severities[0])
        for severity in 1...4 {
            #expect(vulnerabilities.count { $0.severity == severity } == expected.severities[severity], "severity \(severity)")
        }
        // The raw text agrees: every <ReportItem in the file was seen.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.components(separatedBy: "<ReportItem ").count - 1 == expected.items)
    }

    @Test("pytenable's agent scan: host tags, CVEs, CVSS v3 scores, see_also, trimmed output, open ports")
    func pytenableDetails() throws {
        guard let path = Corpus.nessus(Corpus.pytenable) else { return }
        let host = try #require(NessusReader.read(path).hosts.first)
        #expect(host.addresses == ["192.168.16.133"])
        #expect(host.fqdns == ["adam.ad.demo.io"])
        #expect(host.shortNames == ["adam"])
        #expect(host.operatingSystem == "Microsoft Windows 10 Pro")
        #expect(host.openPorts.count == 19)
        #expect(host.openPorts.contains(OpenPort(port: 49664, transport: "tcp", service: "dce-rpc")))
        let scored = host.vulnerabilities.filter { $0.cvss3BaseScore != nil }
        #expect(!scored.isEmpty)
        #expect(scored.compactMap(\.cvss3BaseScore).max() == 9.8)
        #expect(host.vulnerabilities.contains { $0.cves.count > 10 })
        #expect(host.vulnerabilities.allSatisfy { ($0.pluginOutput?.count ?? 0) <= NessusReader.maximumTextLength + 20 })
        #expect(host.vulnerabilities.contains { $0.seeAlso.count > 1 && $0.seeAlso.allSatisfy { $0.hasPrefix("http") } })
        // Positions follow the file: each item's line is at or after the previous one's, all after the host's.
        let lines = host.vulnerabilities.map(\.location.line)
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 <= $1 })
        #expect((lines.first ?? 0) >= host.location.line && lines.last ?? 0 > lines.first ?? 0)
    }

    @Test("ruby-nessus's oldest dialect: port listings with pluginID 0 are inventory, each host keeps its open ports")
    func oldestDialect() throws {
        guard let path = Corpus.nessus(Corpus.rubyNessus) else { return }
        let file = NessusReader.read(path)
        #expect(file.hosts.map(\.openPorts.count) == [9, 5])
        #expect(!file.hosts.flatMap(\.vulnerabilities).contains { $0.pluginID == "0" })
        #expect(file.hosts[0].location.line == 1374)
    }

    @Test("python-libnessus: hosts without host-fqdn are known by address, the netbios name is a short name")
    func addressOnlyHosts() throws {
        guard let path = Corpus.nessus(Corpus.libnessus) else { return }
        let hosts = NessusReader.read(path).hosts
        #expect(hosts.map(\.fqdns) == [[], [], []])
        #expect(hosts.map(\.addresses) == [["192.168.2.104"], ["192.168.2.101"], ["192.168.2.100"]])
        #expect(hosts[2].shortNames == ["mike-macbook"])
    }
}
