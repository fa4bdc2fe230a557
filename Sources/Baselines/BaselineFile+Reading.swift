import Foundation
import LocatedJSON
import PostureModel
public import SourceModel

/// Why a baseline file cannot be used. Each is a configuration error: the scan does not run against a baseline it
/// cannot read, since gating on "new" failures without one would pass everything or fail everything.
public struct BaselineFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(at location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    public var diagnostic: Diagnostic { Diagnostic(.invalidBaseline, at: location, message) }
}

extension Diagnostic.Code {
    /// A baseline file that is missing, not JSON, not a baseline, or of a format this build does not read.
    public static let invalidBaseline = Self("invalid-baseline")
}

extension BaselineFile {
    /// Reads the baseline at `path`.
    public static func read(_ path: String) throws(BaselineFileError) -> BaselineFile {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        switch FileAccess.read(path) {
        case .success(let bytes): data = bytes
        case .failure(let failure): throw BaselineFileError(at: start, "cannot read the baseline: \(failure.message)")
        }
        let root: JSONValue
        do throws(JSONSyntaxError) {
            root = try JSONReader().read([UInt8](data))
        } catch {
            throw BaselineFileError(
                at: SourceLocation(file: path, position: error.position),
                "not a baseline: \(error.message) (write one with `bulwark scan --write-baseline FILE`)")
        }
        return try parse(root, file: path)
    }

    static func parse(_ root: JSONValue, file: String) throws(BaselineFileError) -> BaselineFile {
        func location(_ value: JSONValue) -> SourceLocation { SourceLocation(file: file, position: value.position) }
        guard let members = root.members else {
            throw BaselineFileError(at: location(root), "not a baseline: expected a JSON object with a `bulwarkBaseline` member")
        }
        guard let marker = members.last(where: { $0.key == "bulwarkBaseline" }) else {
            throw BaselineFileError(
                at: location(root),
                "not a baseline: it has no `bulwarkBaseline` member (a scan report is not a baseline; write one with "
                    + "`bulwark scan --write-baseline FILE`)")
        }
        guard case .integer(let version) = marker.value.kind else {
            throw BaselineFileError(at: location(marker.value), "expected `bulwarkBaseline` to be the format number, \(formatVersion)")
        }
        guard version == formatVersion else {
            throw BaselineFileError(
                at: location(marker.value),
                "baseline format \(version) is not one this bulwark reads (format \(formatVersion)); write it again with "
                    + "`bulwark scan --write-baseline FILE`")
        }
        let tool = members.last { $0.key == "tool" }?.value.stringValue ?? ""
        guard let list = members.last(where: { $0.key == "entries" }) else {
            throw BaselineFileError(at: location(root), "expected an `entries` list in the baseline")
        }
        guard let elements = list.value.elements else {
            throw BaselineFileError(at: location(list.value), "expected `entries` to be a list of recorded findings")
        }
        var entries: [BaselineEntry] = []
        entries.reserveCapacity(elements.count)
        for element in elements {
            entries.append(try entry(element, file: file))
        }
        return BaselineFile(entries: entries, tool: tool)
    }

    static func entry(_ value: JSONValue, file: String) throws(BaselineFileError) -> BaselineEntry {
        let here = SourceLocation(file: file, position: value.position)
        guard let members = value.members else { throw BaselineFileError(at: here, "expected a recorded finding (an object)") }
        func text(_ key: String, required: Bool) throws(BaselineFileError) -> String? {
            guard let member = members.last(where: { $0.key == key }) else {
                if required { throw BaselineFileError(at: here, "a recorded finding needs `\(key)`") }
                return nil
            }
            guard let string = member.value.stringValue else {
                throw BaselineFileError(at: SourceLocation(file: file, position: member.value.position), "expected `\(key)` to be a string")
            }
            return string
        }
        let fingerprint = try text("fingerprint", required: true) ?? ""
        guard fingerprint.utf8.count == 32, fingerprint.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw BaselineFileError(at: here, "expected `fingerprint` to be 32 lowercase hex digits, as bulwark writes them")
        }
        return BaselineEntry(
            fingerprint: fingerprint, ruleId: try text("ruleId", required: true) ?? "",
            resourceType: try text("resourceType", required: false) ?? "", resourceName: try text("resourceName", required: false) ?? "",
            resourceId: try text("resourceId", required: false) ?? "", address: try text("address", required: false),
            file: try text("file", required: false) ?? "", property: try text("property", required: false))
    }
}
