import ArgumentParser
import Foundation
import Gateway
import GatewayConfig
import Logging
import PostureModel
import SourceModel

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

        /// The validated configuration, or every problem on standard error (one line each:
        /// `file:line:column: error: message`) and exit code 2. Warnings (deprecated keys) go to standard error too,
        /// unless the caller logs them itself. `serve` and `validate` both load through here, so `validate` refuses
        /// what `serve` would refuse at start (see `GatewayConfigurationLoader.checkStartup`).
        func load(printingWarnings: Bool = true) throws -> GatewayConfiguration {
            let text: String
            do throws(InputFile.Unreadable) { text = try InputFile.text(at: config, what: "the configuration") } catch {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
            switch GatewayConfigurationLoader().load(text, file: config) {
            case .success(let configuration):
                if printingWarnings { for warning in configuration.warnings { printError(Self.line(warning)) } }
                return configuration
            case .failure(let problems):
                for error in problems.errors { printError(Self.line(error.diagnostic)) }
                throw ExitCode(2)
            }
        }

        /// `file:line:column: error: message`, on one line.
        static func line(_ diagnostic: Diagnostic) -> String {
            let message = diagnostic.message.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "\(diagnostic.location): \(diagnostic.severity.rawValue): \(message)"
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Start the gateway.")

        @OptionGroup var options: ConfigOption

        @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "LEVEL"))
        var logLevel: String = "info"

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("unknown log level '\(logLevel)'; expected trace, debug, info, notice, warning, error or critical")
            }
        }

        func run() async throws {
            let level = Logger.Level(rawValue: logLevel) ?? .info
            // One JSON object per line on standard error, with Hummingbird's request id on each request's lines.
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            let configuration = try options.load(printingWarnings: false)
            let logger = Logger(label: "bulwark.gateway")
            for warning in configuration.warnings {
                logger.warning("configuration warning", metadata: ["config.warning": "\(warning.description)"])
            }
            do {
                try await GatewayServer(configuration: configuration, logger: logger, version: ToolInfo.version).run()
            } catch let error as GatewayServer.StartupError {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check the configuration and report every problem with its place in the file.")

        @OptionGroup var options: ConfigOption

        func run() throws {
            let configuration = try options.load()
            print(
                "\(options.config) is valid: listening on \(configuration.listener.host):\(configuration.listener.port), \(configuration.upstreams.count) upstream(s)"
            )
        }
    }
}
