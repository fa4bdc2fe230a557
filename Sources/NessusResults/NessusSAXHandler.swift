import Foundation
import PostureModel
import SourceModel

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The `XMLParser` delegate behind ``NessusReader``: keeps the current host and item only, and appends each host when
/// its `ReportHost` closes. Positions are the parser's line and column when a start tag has been read.
final class NessusSAXHandler: NSObject, XMLParserDelegate {
    static let root = "NessusClientData_v2"
    /// `ReportItem` children kept; everything else (the policy, CVSS v2, exploit details...) is skipped unread.
    /// libxml2's codes (the parser's NSError codes) for input that ends inside an element: XML_ERR_DOCUMENT_END (5),
    /// XML_ERR_GT_REQUIRED (73) and XML_ERR_TAG_NOT_FINISHED (77).
    static let endOfDataCodes: Set<Int> = [5, 73, 77]
    static let keptItemFields: Set<String> = [
        "synopsis", "description", "solution", "plugin_output", "cve", "cvss3_base_score", "see_also",
    ]

    let file: String
    private(set) var hosts: [NessusHost] = []
    private(set) var reportItems = 0
    private(set) var skippedItems = 0
    private(set) var problems: [Diagnostic] = []

    private var stack: [String] = []
    private var host: NessusHost?
    private var item: NessusItem?
    private var itemSeverity = 0
    private var tagName: String?
    private var text = ""
    private var capturing = false
    private var captureLimit = 0
    private var failed = false

    init(file: String) {
        self.file = file
    }

    private func location(_ parser: XMLParser) -> SourceLocation {
        SourceLocation(file: file, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
    }

    private func fail(_ parser: XMLParser, _ error: NessusReadError) {
        guard !failed else { return }
        failed = true
        problems.append(error.diagnostic)
        parser.abortParsing()
    }

    private func capture(limit: Int) {
        text = ""
        capturing = true
        captureLimit = limit
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard !failed else { return }
        defer { stack.append(elementName) }
        guard let parent = stack.last else {
            if elementName != Self.root { fail(parser, .wrongRoot(location(parser), found: elementName)) }
            return
        }
        switch (parent, elementName) {
        case ("Report", "ReportHost"):
            host = NessusHost(name: attributes["name"] ?? "", location: location(parser))
        case ("HostProperties", "tag") where host != nil:
            tagName = attributes["name"]
            capture(limit: NessusReader.maximumTagLength + 1)
        case ("ReportHost", "ReportItem") where host != nil:
            startItem(parser, attributes)
        case ("ReportItem", _) where item != nil && Self.keptItemFields.contains(elementName):
            capture(limit: NessusReader.maximumTextLength + 1)
        default:
            break
        }
    }

    private func startItem(_ parser: XMLParser, _ attributes: [String: String]) {
        reportItems += 1
        let position = location(parser)
        guard let severity = attributes["severity"].flatMap({ Int($0) }), (0...4).contains(severity),
            let port = Int(attributes["port"] ?? "0"), port >= 0
        else {
            skippedItems += 1
            problems.append(
                Diagnostic(
                    .nessusItemSkipped, .warning, at: position,
                    "ReportItem left out: severity must be 0 to 4 and port a number, found severity "
                        + "'\(attributes["severity"] ?? "")' and port '\(attributes["port"] ?? "")'"))
            return
        }
        let transport = attributes["protocol"] ?? "tcp"
        let service = attributes["svc_name"] ?? "general"
        if severity == 0 {
            host?.inventoryItems += 1
            if port > 0, host?.openPorts.contains(where: { $0.port == port && $0.transport == transport }) == false {
                host?.openPorts.append(OpenPort(port: port, transport: transport, service: service))
            }
            return
        }
        itemSeverity = severity
        item = NessusItem(
            pluginID: attributes["pluginID"] ?? "0", pluginName: attributes["pluginName"] ?? "",
            pluginFamily: attributes["pluginFamily"] ?? "", severity: severity, port: port, transport: transport, service: service,
            location: position)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard capturing, text.count < captureLimit else { return }
        text += string.prefix(captureLimit - text.count)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard !failed else { return }
        if !stack.isEmpty { stack.removeLast() }
        let parent = stack.last ?? ""
        switch (parent, elementName) {
        case ("Report", "ReportHost"):
            if let host { hosts.append(host) }
            host = nil
        case ("HostProperties", "tag"):
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let tagName, value.count <= NessusReader.maximumTagLength { host?.tags[tagName] = value }
            tagName = nil
        case ("ReportHost", "ReportItem"):
            if let item { host?.vulnerabilities.append(item) }
            item = nil
        case ("ReportItem", _) where item != nil && capturing:
            keep(elementName, Self.trimmed(text))
        default:
            break
        }
        capturing = false
        text = ""
    }

    private func keep(_ field: String, _ value: String) {
        guard !value.isEmpty else { return }
        switch field {
        case "synopsis": item?.synopsis = value
        case "description": item?.description = value
        case "solution": item?.solution = value
        case "plugin_output": item?.pluginOutput = value
        case "cve": item?.cves.append(value)
        case "cvss3_base_score": item?.cvss3BaseScore = Double(value)
        case "see_also": item?.seeAlso += value.split(whereSeparator: \.isWhitespace).map(String.init)
        default: break
        }
    }

    /// Surrounding white space removed, and text past ``NessusReader/maximumTextLength`` replaced by a mark.
    static func trimmed(_ text: String) -> String {
        let clean = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard clean.count > NessusReader.maximumTextLength else { return clean }
        return String(clean.prefix(NessusReader.maximumTextLength)) + " … (trimmed)"
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard !failed else { return }
        let code = (parseError as NSError).code
        let here = location(parser)
        failed = true
        if stack.isEmpty && hosts.isEmpty && reportItems == 0 {
            problems.append(NessusReadError.notXML(here).diagnostic)
        } else if Self.endOfDataCodes.contains(code), let open = stack.last {
            problems.append(NessusReadError.truncated(here, openElement: open).diagnostic)
        } else {
            problems.append(NessusReadError.malformed(here, detail: "libxml2 error \(code)").diagnostic)
        }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, .doctype(location(parser)))
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, .doctype(location(parser)))
    }

    /// After `parse()`: a document that ended with elements still open is truncated even when the parser said nothing.
    func finish(_ parser: XMLParser) {
        guard !failed else { return }
        if let open = stack.last {
            failed = true
            problems.append(NessusReadError.truncated(location(parser), openElement: open).diagnostic)
        }
    }
}
