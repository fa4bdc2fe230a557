import Foundation

/// Restores the casing ARM templates use for a resource type (`Microsoft.CognitiveServices/accounts/deployments`)
/// from the lower-cased one Resource Graph returns. The known types are data (`Resources/resource-types.json`);
/// a type not listed keeps its known parent's or namespace's casing, or, for an unknown namespace, gets the first
/// letter of each namespace part capitalised (`microsoft.foo/bars` → `Microsoft.Foo/bars`). Types compare
/// case-insensitively everywhere, so the casing is for display and for rules' `type` fields read as text.
public enum ResourceTypeCasing {
    /// `type` in ARM casing.
    public static func armCasing(_ type: String) -> String {
        let table = Table.shared
        let lower = type.lowercased()
        if let known = table.types[lower] { return known }
        let segments = type.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count > 1 else { return namespaceCasing(type, table: table) }
        // The longest known parent type: `microsoft.storage/storageaccounts/objectreplicationpolicies` keeps
        // `Microsoft.Storage/storageAccounts` and the rest as given.
        var prefixLength = segments.count - 1
        while prefixLength >= 2 {
            let prefix = segments[0..<prefixLength].joined(separator: "/")
            if let known = table.types[prefix.lowercased()] {
                return ([known] + segments[prefixLength...]).joined(separator: "/")
            }
            prefixLength -= 1
        }
        return ([namespaceCasing(segments[0], table: table)] + segments[1...]).joined(separator: "/")
    }

    /// Every type the bundled list knows, in ARM casing.
    public static var knownTypes: [String] { Table.shared.ordered }

    static func namespaceCasing(_ namespace: String, table: Table) -> String {
        if let known = table.namespaces[namespace.lowercased()] { return known }
        return namespace.split(separator: ".", omittingEmptySubsequences: false).map { part in
            part.prefix(1).uppercased() + part.dropFirst()
        }.joined(separator: ".")
    }

    /// The bundled list, read once.
    struct Table: Sendable {
        var ordered: [String] = []
        var types: [String: String] = [:]
        var namespaces: [String: String] = [:]

        static let shared = Table.load()

        private struct File: Decodable {
            var types: [String]
        }

        /// An unreadable list leaves every type to the namespace rule; the tests check that it is read.
        static func load() -> Table {
            guard let url = Bundle.module.url(forResource: "resource-types", withExtension: "json"),
                let data = try? Data(contentsOf: url),
                let file = try? JSONDecoder().decode(File.self, from: data)
            else { return Table() }
            var table = Table()
            for type in file.types {
                table.ordered.append(type)
                table.types[type.lowercased()] = type
                if let namespace = type.split(separator: "/").first {
                    table.namespaces[namespace.lowercased()] = String(namespace)
                }
            }
            return table
        }
    }
}
