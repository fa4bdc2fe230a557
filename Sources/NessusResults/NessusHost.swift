import Foundation
public import PostureModel
public import SourceModel

/// One `ReportHost` of a `.nessus` file as the reader keeps it: the host tags the joins need, the items of severity
/// 1–4 (vulnerabilities), and the informational items reduced to open ports.
public struct NessusHost: Sendable, Hashable {
    /// `ReportHost/@name`: whatever the operator typed as target (an IP, an FQDN or a bare hostname).
    public var name: String
    /// `HostProperties` tags by name (`host-ip`, `host-fqdn`, `netbios-name`...). Tags longer than
    /// ``NessusReader/maximumTagLength`` are left out: no join reads them.
    public var tags: [String: String]
    /// Items of severity 1 to 4, in file order.
    public var vulnerabilities: [NessusItem]
    /// How many items of severity 0 (inventory: open ports, OS detection, scan information) the host had.
    public var inventoryItems: Int
    /// Open ports seen by the informational items that name a real port, without repeats, in file order.
    public var openPorts: [OpenPort]
    /// The position of the `ReportHost` start tag.
    public var location: SourceLocation

    public init(
        name: String, tags: [String: String] = [:], vulnerabilities: [NessusItem] = [], inventoryItems: Int = 0,
        openPorts: [OpenPort] = [], location: SourceLocation
    ) {
        self.name = name
        self.tags = tags
        self.vulnerabilities = vulnerabilities
        self.inventoryItems = inventoryItems
        self.openPorts = openPorts
        self.location = location
    }

    /// The host's IP addresses: `host-ip`, and the name when it is an address.
    public var addresses: [String] {
        var found: [String] = []
        for candidate in [tags["host-ip"], name].compactMap({ $0 }) where IPAddressText.isAddress(candidate) {
            if !found.contains(candidate) { found.append(candidate) }
        }
        return found
    }

    /// The host's DNS names, lowercased: `host-fqdn`, `host-fqdns`, `host-rdns`, `hostname` and the name when they hold
    /// a dot and are not addresses.
    public var fqdns: [String] {
        var raw = [tags["host-fqdn"], tags["host-rdns"], tags["hostname"], name].compactMap { $0 }
        raw += FQDNList.split(tags["host-fqdns"] ?? "")
        var found: [String] = []
        for candidate in raw {
            let name = candidate.trimmingCharacters(in: .whitespaces).lowercased().trimmingSuffix(".")
            guard name.contains("."), !IPAddressText.isAddress(name), !found.contains(name) else { continue }
            found.append(name)
        }
        return found
    }

    /// Short host names, lowercased: `netbios-name`, and the first label of `hostname` and of the name.
    public var shortNames: [String] {
        var found: [String] = []
        let labels = [tags["hostname"], name].compactMap { $0 }.filter { !IPAddressText.isAddress($0) }
            .compactMap { $0.split(separator: ".").first.map(String.init) }
        for candidate in [tags["netbios-name"]].compactMap({ $0 }) + labels {
            let short = candidate.trimmingCharacters(in: .whitespaces).lowercased()
            if !short.isEmpty && !found.contains(short) { found.append(short) }
        }
        return found
    }

    public var operatingSystem: String? { tags["operating-system"].flatMap { $0.isEmpty ? nil : $0 } }
}

/// One `ReportItem` of severity 1 to 4, with what a finding shows. Text fields are trimmed to
/// ``NessusReader/maximumTextLength`` characters.
public struct NessusItem: Sendable, Hashable {
    public var pluginID: String
    public var pluginName: String
    public var pluginFamily: String
    /// 1 low, 2 medium, 3 high, 4 critical.
    public var severity: Int
    public var port: Int
    public var transport: String
    public var service: String
    public var synopsis: String?
    public var description: String?
    public var solution: String?
    public var pluginOutput: String?
    public var cves: [String]
    public var cvss3BaseScore: Double?
    public var seeAlso: [String]
    /// The position of the `ReportItem` start tag.
    public var location: SourceLocation

    public init(
        pluginID: String, pluginName: String, pluginFamily: String = "", severity: Int, port: Int, transport: String,
        service: String, synopsis: String? = nil, description: String? = nil, solution: String? = nil,
        pluginOutput: String? = nil, cves: [String] = [], cvss3BaseScore: Double? = nil, seeAlso: [String] = [],
        location: SourceLocation
    ) {
        self.pluginID = pluginID
        self.pluginName = pluginName
        self.pluginFamily = pluginFamily
        self.severity = severity
        self.port = port
        self.transport = transport
        self.service = service
        self.synopsis = synopsis
        self.description = description
        self.solution = solution
        self.pluginOutput = pluginOutput
        self.cves = cves
        self.cvss3BaseScore = cvss3BaseScore
        self.seeAlso = seeAlso
        self.location = location
    }

    /// Nessus severity to the rule severity: 4 critical, 3 high, 2 medium, 1 low.
    public var ruleSeverity: Severity {
        switch severity {
        case 4: .critical
        case 3: .high
        case 2: .medium
        default: .low
        }
    }
}

/// Recognises IPv4 and IPv6 address text without resolving anything.
enum IPAddressText {
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 && parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) < 256 }) {
            return true
        }
        return text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

/// `host-fqdns` holds a JSON-like list or a comma/newline separated list of names; only the names are wanted.
enum FQDNList {
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { ",\n \t[]{}\"".contains($0) }).map(String.init)
            .filter { $0.contains(".") && !$0.contains(":") && !$0.contains("(") }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
