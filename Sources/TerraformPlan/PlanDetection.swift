import Foundation
public import LocatedJSON
import SourceModel

/// Whether a JSON document is a `terraform show -json` plan, judged by content: an object with `format_version` and
/// `planned_values` or `resource_changes`. A state file (`values`, no changes) is not a plan.
public enum PlanDetection {
    /// The format versions this reader reads: Terraform 0.12 (0.1) to 1.6 and later (1.2).
    public static let supportedFormatVersions = ["0.1", "0.2", "1.0", "1.1", "1.2"]

    /// True when `root` is a plan document.
    public static func isPlan(_ root: JSONValue) -> Bool {
        guard root.members != nil else { return false }
        return member(root, "format_version") != nil
            && (member(root, "planned_values") != nil || member(root, "resource_changes") != nil)
    }

    /// True when the file at `path` holds a plan, judged from the keys of its top-level object without building the
    /// document: how a folder walk tells a plan (`.json`) from an ARM template. False for anything unreadable.
    public static func isPlanFile(_ path: String) -> Bool {
        guard case .success(let data) = FileAccess.read(path) else { return false }
        let keys = TopLevelKeys.scan([UInt8](data))
        return keys.contains("format_version") && (keys.contains("planned_values") || keys.contains("resource_changes"))
    }

    /// The member named exactly `key` (Terraform's JSON is case-sensitive).
    static func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        value.members?.last { $0.key == key }?.value
    }
}

/// The keys of a JSON text's top-level object, found in one pass that skips every nested value (strings with their
/// escapes, brackets counted), without recursion or allocation beyond the keys. Stops at the first thing that is
/// not JSON and returns what it found: detection only, the reader reports errors.
enum TopLevelKeys {
    static func scan(_ bytes: [UInt8]) -> Set<String> {
        var keys: Set<String> = []
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipSpace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return keys }
        index += 1
        while true {
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return keys }
            let start = index + 1
            guard skipString(bytes, &index) else { return keys }
            if let key = String(validating: bytes[start..<(index - 1)], as: UTF8.self) { keys.insert(key) }
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return keys }
            index += 1
            guard skipValue(bytes, &index) else { return keys }
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return keys }
            index += 1
        }
    }

    private static func skipSpace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    /// From an opening quote to just after its closing quote.
    private static func skipString(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return true
            default: index += 1
            }
        }
        return false
    }

    /// One value: a string, a bracketed value (depth counted, strings skipped), or a scalar up to `,` or `}`.
    private static func skipValue(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        skipSpace(bytes, &index)
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "\"") { return skipString(bytes, &index) }
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard skipString(bytes, &index) else { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return true }
                depth -= 1
                if depth == 0 {
                    index += 1
                    return true
                }
            case UInt8(ascii: ","):
                if depth == 0 { return true }
            default: break
            }
            index += 1
        }
        return depth == 0
    }
}
