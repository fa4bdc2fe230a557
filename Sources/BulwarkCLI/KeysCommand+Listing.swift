import APIKeys
import ArgumentParser
import Foundation

extension KeysCommand {
    /// `--format table|json` of the listing commands.
    enum ListFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List keys: prefix, name, lineage, scope, created, expires, last used. Never secrets.",
            discussion: "With no keys, the table is empty and standard error says so; JSON is then [].")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp("table (one key a line) or json (an array; never secrets or hashes).", valueName: "FORMAT"))
        var format: ListFormat = .table

        func run() async throws {
            let records = try await storeOptions.withStore { try await $0.store.list() }
            if format == .json {
                print(KeyListing.json(records.map(KeyListing.init)))
                return
            }
            if records.isEmpty { printError("bulwark: no keys in \(storeOptions.displayedStore)") }
            for record in records {
                var state = "active"
                if record.revokedAt != nil {
                    state = "revoked"
                } else if let retires = record.retiresAt {
                    state = "rotated, works until \(retires.formatted(.iso8601))"
                }
                print(
                    [
                        record.prefix, record.name, state, "lineage=\(record.lineage)",
                        "deployments=\(record.scope.deployments.joined(separator: ","))",
                        "operations=\(record.scope.operations.map(\.rawValue).joined(separator: ","))",
                        "regions=\(record.scope.regions.isEmpty ? "any" : record.scope.regions.joined(separator: ","))",
                        "clientIPs=\(record.scope.clientNetworks.isEmpty ? "any" : record.scope.clientNetworks.joined(separator: ","))",
                        "limits=\(record.scope.limits.isEmpty ? "none" : record.scope.limits.joined(separator: ","))",
                        "created=\(record.createdAt.formatted(.iso8601))",
                        "expires=\(record.expiresAt?.formatted(.iso8601) ?? "never")",
                        "lastUsed=\(record.lastUsedAt?.formatted(.iso8601) ?? "never")",
                    ].joined(separator: "  "))
            }
        }
    }

    struct Suspensions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suspensions", abstract: "List identities suspended by abuse monitoring, with until when and why.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp("table (one suspension a line) or json (an array).", valueName: "FORMAT"))
        var format: ListFormat = .table

        func run() async throws {
            let suspensions = try await storeOptions.withStore { try await $0.store.suspensions(now: Date()) }
            if format == .json {
                print(KeyListing.json(suspensions.map(SuspensionListing.init)))
                return
            }
            if suspensions.isEmpty { printError("bulwark: no suspensions in force in \(storeOptions.displayedStore)") }
            for suspension in suspensions {
                print([suspension.identity, "until=\(suspension.until.formatted(.iso8601))", suspension.reason].joined(separator: "  "))
            }
        }
    }
}
