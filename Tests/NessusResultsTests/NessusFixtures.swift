import Foundation
import ScanTesting

/// Small `.nessus` documents written for the tests.
enum NessusFixtures {
    struct Item {
        var pluginID: String
        var name: String
        var severity: Int
        var port = 443
        var service = "www"
        var extra = ""
    }

    /// A `NessusClientData_v2` document with one `ReportHost` per entry: its name, tags and items.
    static func document(_ hosts: [(name: String, tags: [String: String], items: [Item])]) -> String {
        var text = """
            <?xml version="1.0" ?>
            <NessusClientData_v2>
            <Policy><policyName>test</policyName></Policy>
            <Report name="fixture" xmlns:cm="http://www.nessus.org/cm">

            """
        for host in hosts {
            text += "<ReportHost name=\"\(host.name)\"><HostProperties>\n"
            for (name, value) in host.tags.sorted(by: { $0.key < $1.key }) { text += "<tag name=\"\(name)\">\(value)</tag>\n" }
            text += "</HostProperties>\n"
            for item in host.items {
                text += """
                    <ReportItem port="\(item.port)" svc_name="\(item.service)" protocol="tcp" severity="\(item.severity)" \
                    pluginID="\(item.pluginID)" pluginName="\(item.name)" pluginFamily="Web Servers">
                    <synopsis>\(item.name) synopsis.</synopsis>
                    <description>About \(item.name).</description>
                    <solution>Upgrade.</solution>\(item.extra)
                    </ReportItem>

                    """
            }
            text += "</ReportHost>\n"
        }
        return text + "</Report>\n</NessusClientData_v2>\n"
    }

    static func write(_ text: String, named name: String = "scan.nessus", in folder: TemporaryFolder) throws -> String {
        try folder.write(name, text)
    }
}
