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
            abstract:
                "Check that audit log files are intact: exit 0 intact (or open, with --live), 1 broken, 2 not an audit log, unreadable or no key.",
            discussion: """
                Name the files in chain order: rotated files (audit.jsonl.1, .2, …) first, the active file last. A log \
                starts with its genesis record and a closed log ends with a seal; with --live, records the running \
                gateway has not sealed yet are reported as open.
                """
        )

        @Option(
            help: ArgumentHelp("The gateway configuration, which names the environment variable holding the HMAC key.", valueName: "FILE"))
        var config: String?

        @Option(
            name: .customLong("key-env"),
            help: ArgumentHelp("The environment variable holding the HMAC key (instead of --config).", valueName: "NAME"))
        var keyEnvironment: String?

        @Flag(help: "The gateway is still writing the log: records after the last seal are open, not broken.")
        var live = false

        @Flag(help: "Accept a log written before genesis records existed, whose start cannot be proved, and a shorter key.")
        var legacy = false

        @Argument(help: ArgumentHelp("Audit log files, in chain order.", valueName: "FILE"))
        var files: [String]

        func run() throws {
            let key = try readKey()
            var texts: [(name: String, text: String)] = []
            for file in files {
                do throws(InputFile.Unreadable) { texts.append((file, try InputFile.text(at: file, what: "the audit log"))) } catch {
                    printError("bulwark: \(error)")
                    throw ExitCode(2)
                }
            }
            let report = AuditLogVerifier(key: key).verify(files: texts, mode: .init(live: live, legacy: legacy))
            print(Self.summary(of: report))
            switch report.verdict {
            case .intact, .open: return
            case .broken: throw ExitCode(1)
            case .notAnAuditLog: throw ExitCode(2)
            }
        }

        static func summary(of report: AuditLogReport) -> String {
            let counts = "\(report.records) records, \(report.seals) seals"
            var origin = ""
            if let genesis = report.genesis {
                origin = "; log \(genesis.logID), created \(genesis.created.formatted(.iso8601)) by bulwark \(genesis.gatewayVersion)"
            } else if report.legacy {
                origin = "; no genesis record (written before genesis records): its start cannot be proved"
            }
            switch report.verdict {
            case .intact:
                return "intact: \(counts)\(origin)"
            case .open:
                let partial = report.partialLine ? "; the last line is still being written and was not checked" : ""
                return "open: \(counts), \(report.unsealed) record(s) after the last seal, not sealed yet\(origin)\(partial)"
            case .broken:
                return "broken: \(report.problem ?? "")"
            case .notAnAuditLog:
                return "not an audit log: \(report.problem ?? "")"
            }
        }

        private func readKey() throws -> SymmetricKey {
            guard let variable = try keyVariable(), let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
                printError(
                    "bulwark: no audit key: name its environment variable with --key-env or a --config with audit.hmacKeyEnv, and set it")
                throw ExitCode(2)
            }
            switch AuditKey.key(from: secret) {
            case .success(let key):
                return key
            case .failure(let error) where legacy:
                printError("bulwark: warning: \(variable): \(error); accepted with --legacy")
                return SymmetricKey(data: Array(secret.utf8))
            case .failure(let error):
                printError("bulwark: \(variable): \(error)")
                throw ExitCode(2)
            }
        }

        private func keyVariable() throws -> String? {
            if let keyEnvironment { return keyEnvironment }
            guard let config else { return nil }
            do throws(InputFile.Unreadable) {
                return GatewayConfigurationLoader.auditKeyEnvironment(in: try InputFile.text(at: config, what: "the configuration"))
            } catch {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
        }
    }
}
