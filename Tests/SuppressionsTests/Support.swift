import Foundation
import PostureModel
import SourceModel
import Suppressions

/// A scratch folder for one test, removed when the value goes away.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-suppressions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}

let rules = KnownRules(["BW-AI-001", "BW-AI-002", "BW-NET-003"])

func day(_ text: String) -> CalendarDay {
    CalendarDay(text) ?? CalendarDay(Date(timeIntervalSince1970: 0))
}

func resource(
    _ name: String, file: String = "main.bicep", line: Int = 1, column: Int = 1, address: String? = nil,
    type: ResourceType = "Microsoft.CognitiveServices/accounts"
) -> Resource {
    Resource(
        type: type, name: name, id: "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/\(type.name)/\(name)",
        body: Value(.object([])), source: SourceLocation(file: file, line: line, column: column), origin: .arm, address: address)
}

func finding(_ rule: String, _ status: FindingStatus, on resource: Resource) -> Finding {
    Finding(
        ruleID: rule, status: status, resource: ResourceReference(resource), property: nil, actual: nil, message: "m",
        location: resource.source)
}
