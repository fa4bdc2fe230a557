import Foundation

/// Resource type names in the casing the Bicep compiler writes them: its Azure type library's when the library has
/// the type at that API version, as written otherwise. The table (`Resources/resource-types.txt`, a type and its
/// API versions a line, made by `Scripts/bicep-resource-types.py` from Azure/bicep-types-az's type index and the
/// corpus's compiled templates) stands in for the library.
enum ResourceTypeNames {
    /// `type@version` lowercased → the type in the table's casing.
    private static let byVersion: [String: String] = table.byVersion
    /// Type lowercased → its casing, for types the table shows in one casing at every version it has.
    private static let byType: [String: String] = table.byType

    private static let table: (byVersion: [String: String], byType: [String: String]) = {
        guard let url = Bundle.module.url(forResource: "resource-types", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return ([:], [:]) }
        return parse(text)
    }()

    /// Reads `Type version version...` lines (`#` starts a comment line).
    static func parse(_ text: String) -> (byVersion: [String: String], byType: [String: String]) {
        var byVersion: [String: String] = [:]
        var casings: [String: Set<String>] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            guard let first = fields.first else { continue }
            let type = String(first)
            let lowered = type.lowercased()
            for version in fields.dropFirst() { byVersion[lowered + "@" + version.lowercased()] = type }
            casings[lowered, default: []].insert(type)
        }
        var byType: [String: String] = [:]
        for (key, names) in casings where names.count == 1 { byType[key] = names.first }
        return (byVersion, byType)
    }

    /// The type as the compiler writes it.
    /// - Parameters:
    ///   - type: the type as written (`Microsoft.Network/publicIpAddresses`).
    ///   - apiVersion: its API version, when known.
    static func canonical(_ type: String, apiVersion: String?) -> String {
        if let apiVersion, let found = byVersion[(type + "@" + apiVersion).lowercased()] { return found }
        return byType[type.lowercased()] ?? type
    }
}
