import ArgumentParser
import AuditLog
import Crypto
import Foundation
import GatewayConfig

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Work with the gateway's audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check that audit log files are intact: exit 0 intact, 1 broken, 2 unreadable or no key.",
            discussion: "Name the files in chain order: rotated files (audit.jsonl.1, .2, …) first, the active file last."
        )

        @Option(
            help: ArgumentHelp("The gateway configuration, which names the environment variable holding the HMAC key.", valueName: "FILE"))
        var config: String?

        @Option(
            name: .customLong("key-env"),
            help: ArgumentHelp("The environment variable holding the HMAC key (instead of --config).", valueName: "NAME"))
        var keyEnvironment: String?

        @Argument(help: ArgumentHelp("Audit log files, in chain order.", valueName: "FILE"))
        var files: [String]

        func run() throws {
            guard let variable = try keyVariable(), let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
                printError(
                    "bulwark: no audit key: name its environment variable with --key-env or a --config with audit.hmacKeyEnv, and set it")
                throw ExitCode(2)
            }
            var texts: [(name: String, text: String)] = []
            for file in files {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    printError("bulwark: cannot read \(file)")
                    throw ExitCode(2)
                }
                texts.append((file, text))
            }
            let report = AuditLogVerifier(key: SymmetricKey(data: Array(secret.utf8))).verify(files: texts)
            if let problem = report.problem {
                print("broken: \(problem)")
                throw ExitCode(1)
            }
            print("intact: \(report.records) records, \(report.seals) seals")
        }

        private func keyVariable() throws -> String? {
            if let keyEnvironment { return keyEnvironment }
            guard let config, let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8) else {
                return nil
            }
            return GatewayConfigurationLoader.auditKeyEnvironment(in: text)
        }
    }
}
