import APIKeys
import ArgumentParser
import AsyncHTTPClient
import AuditLog
import Crypto
import Foundation
import Gateway
import Hummingbird
import GatewayConfig
import Logging

struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the Azure OpenAI gateway (the default), or validate its configuration.",
        subcommands: [Serve.self, Validate.self],
        defaultSubcommand: Serve.self
    )

    /// True for `bulwark gateway [serve] ...`: the arguments that start the server (not `validate`, not help).
    static func isServing(_ arguments: [String]) -> Bool {
        let words = Array(arguments.dropFirst())
        guard words.first == "gateway" else { return false }
        return !words.contains { ["validate", "--help", "-h", "help"].contains($0) }
    }

    struct ConfigOption: ParsableArguments {
        @Option(help: ArgumentHelp("The gateway's YAML configuration.", valueName: "FILE"))
        var config: String

        /// The validated configuration, or every problem on standard error and exit code 2.
        func load() throws -> GatewayConfiguration {
            guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8) else {
                printError("bulwark: cannot read \(config)")
                throw ExitCode(2)
            }
            switch GatewayConfigurationLoader().load(text, file: config) {
            case .success(let configuration): return configuration
            case .failure(let problems):
                for error in problems.errors { printError(error.description) }
                throw ExitCode(2)
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Start the gateway.")

        @OptionGroup var options: ConfigOption

        @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "LEVEL"))
        var logLevel: String = "info"

        func run() async throws {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("unknown log level '\(logLevel)'; expected trace, debug, info, notice, warning, error or critical")
            }
            // One JSON object per line on standard error, with Hummingbird's request id on each request's lines.
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            let configuration = try options.load()
            var pepper: [UInt8]?
            if let variable = configuration.keyPepperEnvironment {
                guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                    printError("bulwark: keys.pepperEnv names \(variable), which is not set")
                    throw ExitCode(2)
                }
                pepper = Array(value.utf8)
            }
            let store: APIKeyStore
            do { store = try APIKeyStore(location: configuration.keyStore, pepper: pepper) } catch {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
            var audit: AuditLogWriter?
            if let settings = configuration.audit {
                let key = SymmetricKey(data: Array((ProcessInfo.processInfo.environment[settings.keyEnvironment] ?? "").utf8))
                do { audit = try AuditLogWriter(path: settings.path, key: key, maximumBytes: settings.maximumBytes) } catch {
                    printError("bulwark: \(error)")
                    throw ExitCode(2)
                }
            }
            let logger = Logger(label: "bulwark.gateway")
            let httpClient = GatewayApplication.makeHTTPClient()
            let gateway = GatewayApplication(configuration: configuration, keyStore: store, httpClient: httpClient, audit: audit, logger: logger)
            let application: any ApplicationProtocol
            do { application = try gateway.application() } catch {
                printError("bulwark: cannot load the TLS certificate or key: \(error)")
                throw ExitCode(2)
            }
            // SIGTERM or SIGINT: in-flight requests are drained (or cut at the deadline, and recorded as cut);
            // then seal the audit log so a missing tail is detectable, even when the server stopped with an error.
            let stopped: (any Error)?
            do { try await gateway.run(application); stopped = nil } catch { stopped = error }
            try await audit?.close()
            try? await httpClient.shutdown()
            if let stopped { throw stopped }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the configuration and report every problem with its place in the file.")

        @OptionGroup var options: ConfigOption

        func run() throws {
            let configuration = try options.load()
            print("\(options.config) is valid: listening on \(configuration.listener.host):\(configuration.listener.port), \(configuration.upstreams.count) upstream(s)")
        }
    }
}
