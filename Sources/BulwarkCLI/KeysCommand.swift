import AccessPolicy
import APIKeys
import ArgumentParser
import RateLimits
import Foundation
import GatewayConfig
import PostgresStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, revoke and rotate gateway API keys.",
        subcommands: [Create.self, List.self, Update.self, Revoke.self, Rotate.self, Suspensions.self, Unsuspend.self]
    )

    /// `--store`, `--pepper-env` and `--password-env`, shared by every keys command and `usage`.
    struct StoreOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The key store: sqlite:keys.db or postgres://USER@HOST:5432/DB.", valueName: "STORE"))
        var store: String

        @Option(
            name: .customLong("pepper-env"),
            help: ArgumentHelp("An environment variable holding a server secret mixed into key hashes.", valueName: "NAME"))
        var pepperEnvironment: String?

        @Option(
            name: .customLong("password-env"),
            help: ArgumentHelp("An environment variable holding PostgreSQL's password (default PGPASSWORD).", valueName: "NAME"))
        var passwordEnvironment: String?

        /// The store as messages show it: never a password (a location holding one is refused before this is used).
        var displayedStore: String { (try? KeyStoreLocation(store))?.description ?? "the key store" }

        /// Runs `body` with the store open (a PostgreSQL store's pool running and its schema migrated). A store that
        /// cannot be opened or answer is reported on standard error with exit code 2; never with a password. An SQLite
        /// file that does not exist is refused unless `creating` (`keys create`): opening it would make an empty store.
        func withStore<Value: Sendable>(creating: Bool = false, _ body: (OpenedKeyStore) async throws -> Value) async throws -> Value {
            var pepper: [UInt8]?
            if let name = pepperEnvironment {
                guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                    throw ValidationError("--pepper-env names \(name), which is not set")
                }
                pepper = Array(value.utf8)
            }
            var options = PostgresKeyStore.Options()
            options.listens = false
            options.maximumConnections = 2
            options.timeout = .seconds(10)
            do {
                if let problem = try KeyStoreLocation(store).problem(creating: creating) { throw problem }
                let opened = try KeyStores.open(store, pepper: pepper, passwordEnvironment: passwordEnvironment, options: options)
                return try await opened.withRunning(body)
            } catch let error as KeyStoreError {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a key; its secret is printed once, as the last line.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "A name for the key (a team or an application).")
        var name: String

        @Option(help: ArgumentHelp("Deployments the key may call, comma-separated; * for all.", valueName: "LIST"))
        var deployments: String

        @Option(
            help: ArgumentHelp(
                "Operations, comma-separated: chat, completions, embeddings, responses, images, audio, files, batches, realtime (default: all).",
                valueName: "LIST"))
        var operations: String = GatewayOperation.allCases.map(\.rawValue).joined(separator: ",")

        @Option(help: ArgumentHelp("Allowed regions or geographies, comma-separated (eu, us, westeurope); default any.", valueName: "LIST"))
        var regions: String = ""

        @Option(help: ArgumentHelp("Lifetime such as 30d, 12h or 90m; default none.", valueName: "DURATION"))
        var expires: String?

        @Option(
            name: .customLong("client-ips"),
            help: ArgumentHelp(
                "Client addresses the key may be used from: CIDR blocks or addresses, comma-separated; default any.", valueName: "LIST"))
        var clientIPs: String = ""

        @Option(
            name: .customLong("limit"),
            help: ArgumentHelp(
                "A limit of the key's own, repeatable: requests=50/60s, requests=10000/month, concurrent=4.", valueName: "LIMIT"))
        var limits: [String] = []

        func run() async throws {
            let parsedOperations = try Self.list(operations).map { name in
                guard let operation = GatewayOperation(rawValue: name) else {
                    throw ValidationError(
                        "unknown operation '\(name)'; expected one of \(GatewayOperation.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return operation
            }
            let lifetime = try expires.map(Duration.seconds(of:))
            if let lifetime, lifetime > APIKeyLifetime.maximum {
                throw ValidationError(
                    "--expires \(expires ?? ""): a key may live at most \(APIKeyLifetime.maximumDays) days (10 years); give \(APIKeyLifetime.maximumDays)d or less"
                )
            }
            for region in Self.optionalList(regions) {
                if let problem = AzureRegions.problem(with: region, geographies: true) { throw ValidationError("--regions: \(problem)") }
            }
            let networks = Self.optionalList(clientIPs)
            for network in networks where IPNetwork(network) == nil {
                throw ValidationError("'\(network)' is not an IP address or CIDR block such as 10.0.0.0/8 or 2001:db8::/32")
            }
            let scope = APIKeyScope(
                deployments: try Self.list(deployments), operations: parsedOperations, regions: Self.optionalList(regions),
                clientNetworks: networks, limits: try Self.validated(limits))
            let issued = try await storeOptions.withStore(creating: true) {
                try await $0.store.create(name: name, scope: scope, expiresIn: lifetime, now: Date())
            }
            print(
                "created \(issued.record.prefix) '\(name)': deployments \(scope.deployments.joined(separator: ",")); operations \(scope.operations.map(\.rawValue).joined(separator: ","))"
                    + (scope.regions.isEmpty ? "" : "; regions \(scope.regions.joined(separator: ","))")
                    + (scope.clientNetworks.isEmpty ? "" : "; client IPs \(scope.clientNetworks.joined(separator: ","))")
                    + (scope.limits.isEmpty ? "" : "; limits \(scope.limits.joined(separator: ","))")
                    + (issued.record.expiresAt.map { "; expires \($0.formatted(.iso8601))" } ?? ""))
            print("the secret follows; it is shown only now:")
            print(issued.secret)
        }

        /// The limits as written, each checked as the gateway will read it.
        static func validated(_ limits: [String]) throws -> [String] {
            try limits.map { spec in
                do throws(LimitSpecError) {
                    _ = try KeyLimits.rule(for: spec)
                } catch {
                    throw ValidationError("--limit \(spec): \(error.message)")
                }
                return spec.trimmingCharacters(in: .whitespaces)
            }
        }

        static func list(_ text: String) throws -> [String] {
            let items = optionalList(text)
            guard !items.isEmpty else { throw ValidationError("expected a comma-separated list, got '\(text)'") }
            return items
        }

        static func optionalList(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Replace a key's own limits; the gateway applies them from the next request.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The key's prefix, as `keys list` shows it.")
        var prefix: String

        @Option(
            name: .customLong("limit"),
            help: ArgumentHelp("The key's limits from now on, repeatable: requests=50/60s, concurrent=4.", valueName: "LIMIT"))
        var limits: [String] = []

        @Flag(name: .customLong("clear-limits"), help: "Remove the key's own limits (the configured rules still apply).")
        var clearLimits = false

        func validate() throws {
            if limits.isEmpty == !clearLimits {
                throw ValidationError("give the key's new limits with --limit, or --clear-limits to remove them")
            }
        }

        func run() async throws {
            let validated = try Create.validated(limits)
            let prefix = self.prefix
            guard try await storeOptions.withStore({ try await $0.store.updateLimits(prefix: prefix, limits: validated) }) else {
                printError("bulwark: no key with prefix \(prefix)")
                throw ExitCode(2)
            }
            print(validated.isEmpty ? "\(prefix): no limits of its own" : "\(prefix): limits \(validated.joined(separator: ","))")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key at once.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The key's prefix, as `keys list` shows it.")
        var prefix: String

        func run() async throws {
            let prefix = self.prefix
            guard try await storeOptions.withStore({ try await $0.store.revoke(prefix: prefix, now: Date()) }) else {
                printError("bulwark: no active key with prefix \(prefix)")
                throw ExitCode(2)
            }
            print("revoked \(prefix)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Issue a new secret; the old one works for a grace period, then not.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The key's prefix.")
        var prefix: String

        @Option(
            help: ArgumentHelp(
                "How long the old secret keeps working, such as 24h; at most \(APIKeyRotation.maximumGraceDays)d.", valueName: "DURATION"))
        var grace: String = "24h"

        func run() async throws {
            let prefix = self.prefix, grace = try Duration.seconds(of: self.grace)
            if grace > APIKeyRotation.maximumGrace {
                throw ValidationError(
                    "--grace \(self.grace): the old secret may keep working at most \(APIKeyRotation.maximumGraceDays) days after a "
                        + "rotation; give \(APIKeyRotation.maximumGraceDays)d or less (for two keys that both stay valid, create a second key)"
                )
            }
            guard let issued = try await storeOptions.withStore({ try await $0.store.rotate(prefix: prefix, grace: grace, now: Date()) })
            else {
                printError("bulwark: no active key with prefix \(prefix)")
                throw ExitCode(2)
            }
            print(
                "rotated \(prefix) to \(issued.record.prefix) (lineage \(issued.record.lineage): it keeps the stored objects); "
                    + "the old secret works for \(self.grace). The new secret follows; it is shown only now:"
            )
            print(issued.secret)
        }
    }
}

extension Duration {
    /// `30d`, `12h`, `90m` or `45s` in seconds.
    static func seconds(of text: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        guard let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount > 0 else {
            throw ValidationError("expected a duration such as 30d, 12h, 90m or 45s, got '\(text)'")
        }
        return amount * unit
    }
}

extension KeysCommand {
    struct Unsuspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unsuspend", abstract: "Lift an abuse-monitoring suspension at once.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The suspended identity: a key prefix (bwk_…), any key of a rotated lineage, or a token subject (entra:…).")
        var identity: String

        func run() async throws {
            let identity = self.identity
            // Keys are suspended by lineage (the first key's prefix), so a rotated key's prefix names its lineage's suspension.
            let lifted = try await storeOptions.withStore { opened in
                let lineage = try await opened.store.list().first { $0.prefix == identity }?.lineage ?? identity
                return try await opened.store.unsuspend(lineage, now: Date()) ? lineage : nil
            }
            guard let lifted else {
                printError("bulwark: \(identity) is not suspended")
                throw ExitCode(2)
            }
            print(lifted == identity ? "lifted the suspension of \(identity)" : "lifted the suspension of \(identity)'s lineage \(lifted)")
        }
    }
}
