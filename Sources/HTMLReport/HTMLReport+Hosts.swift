import PostureModel
import RuleEngine

extension HTMLReport {
    /// The hosts of merged vulnerability scans, with their open ports and the resource each was joined to.
    func hosts(_ result: ScanResult) -> String {
        guard !result.hosts.isEmpty else { return "" }
        var html = """
            <section id="hosts" aria-labelledby="hosts-title">
            <h2 id="hosts-title">Scanned hosts (\(result.hosts.count))</h2>
            <div class="table-wrap"><table>
            <thead><tr><th scope="col">Host</th><th scope="col">Addresses and names</th><th scope="col">Operating system</th>\
            <th scope="col">Open ports</th><th scope="col">Joined to</th></tr></thead>
            <tbody>

            """
        for host in result.hosts {
            let names = (host.addresses + host.fqdns + [host.hostname, host.netbiosName].compactMap { $0 })
            let ports = host.openPorts.map { "\($0.port)/\($0.transport) \($0.service)" }
            let joined =
                host.resourceID.map { id in
                    "<code>\(HTMLEscaping.escape(id))</code>" + (host.joinedBy.map { " (by \($0.rawValue))" } ?? "")
                } ?? "not joined"
            html += "<tr><th scope=\"row\"><code>\(HTMLEscaping.escape(host.name))</code></th>"
            html += "<td>\(names.map(HTMLEscaping.escape).joined(separator: ", "))</td>"
            html += "<td>\(HTMLEscaping.escape(host.operatingSystem ?? ""))</td>"
            html += "<td>\(ports.isEmpty ? "none seen" : ports.map(HTMLEscaping.escape).joined(separator: ", "))</td>"
            html += "<td>\(joined)</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }

    /// The baseline's failures this scan no longer finds.
    func fixed(_ result: ScanResult) -> String {
        guard let fixed = result.fixed else { return "" }
        var html = """
            <section id="fixed" aria-labelledby="fixed-title">
            <h2 id="fixed-title">Fixed since the baseline (\(fixed.count))</h2>

            """
        guard !fixed.isEmpty else { return html + "<p>Every failure of the baseline is still found.</p>\n</section>\n" }
        html += """
            <div class="table-wrap"><table>
            <thead><tr><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">File</th>\
            <th scope="col">Property</th></tr></thead>
            <tbody>

            """
        for entry in fixed {
            let resource = entry.address ?? "\(entry.resourceType) \(entry.resourceName)"
            html += "<tr><td>\(HTMLEscaping.escape(entry.ruleId))</td><td>\(HTMLEscaping.escape(resource))</td>"
            html += "<td><code>\(HTMLEscaping.escape(entry.file))</code></td><td>\(HTMLEscaping.escape(entry.property ?? ""))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }
}
