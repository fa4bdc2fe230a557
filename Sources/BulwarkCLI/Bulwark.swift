import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PostureModel

@main
struct Bulwark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulwark",
        abstract: "Security posture scanner for Azure AI workloads.",
        discussion: """
            Exit codes. 2 always means a usage error, or an input, rule or configuration
            file that could not be read or used (the rest of the input is still done).
              scan               0 nothing failed at or above --fail-on; 1 failed
                                 findings; 2 input errors (or, with --fail-on-empty,
                                 nothing read)
              expand, build      0 done (warnings never change it); 2 unusable input
              rules              0 listed or shown; 2 a rule or project file with
                                 errors, or an unknown rule id
              keys, usage        0 done; 2 a store that cannot be opened
              gateway validate   0 the configuration is valid; 2 it is not
              gateway serve      0 stopped cleanly; 2 the configuration or the
                                 listener could not be used
              audit verify       0 intact; 1 broken or modified; 2 not an audit log,
                                 unreadable, or no key
              guard check        0 every line answered; 2 an invalid input line
                                 (answered in place)
              guard eval, train  0 done; 2 data that cannot be read or used

            Shell completions: bulwark --generate-completion-script bash|zsh|fish
            (see the README).
            """,
        version: ToolInfo.version,
        subcommands: [
            ScanCommand.self, CollectCommand.self, ExpandCommand.self, BuildCommand.self, RulesCommand.self, KeysCommand.self,
            UsageCommand.self,
            GatewayCommand.self,
            AuditCommand.self,
            GuardCommand.self, VersionCommand.self,
        ]
    )

    /// Runs the command, mapping ArgumentParser's usage errors to exit code 2 as documented.
    static func main() async {
        // The gateway runs Swift concurrency on SwiftNIO's event loops, so a request's tasks and its sockets share
        // threads instead of handing each step between two thread pools (measured: Benchmarks/gateway-load.py).
        // This must happen before any task is enqueued, hence here, first; the scanner keeps the default pool.
        if GatewayCommand.isServing(CommandLine.arguments) {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        // `bulwark` alone is a usage error: the usage on standard error, exit code 2 (not help on standard output).
        if CommandLine.arguments.count == 1 {
            FileHandle.standardError.write(Data((helpMessage() + "\n").utf8))
            Foundation.exit(2)
        }
        var parsed: (any ParsableCommand)?
        do {
            var command = try parseAsRoot()
            parsed = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((usageMessage(for: error, in: parsed.map { type(of: $0) }) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// The error with the usage of the command it belongs to. A parse error knows its command; a `ValidationError`
    /// thrown from a command's `run()` does not, and ArgumentParser would show the root's usage
    /// (`bulwark <subcommand>`), so it is given the parsed command's.
    static func usageMessage(for error: any Error, in command: (any ParsableCommand.Type)?) -> String {
        guard let command, command != Bulwark.self, let validation = error as? ValidationError else { return fullMessage(for: error) }
        let names = path(to: command, from: Bulwark.self)?.joined(separator: " ") ?? ""
        return "Error: \(validation.message)\nUsage: \(usageString(for: command))\n  See 'bulwark \(names) --help' for more information."
    }

    /// The subcommand names from `root` down to `command`: `["keys", "create"]`.
    private static func path(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        for subcommand in root.configuration.subcommands {
            let name = subcommand.configuration.commandName ?? String(describing: subcommand).lowercased()
            if subcommand == command { return [name] }
            if let rest = path(to: command, from: subcommand) { return [name] + rest }
        }
        return nil
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Bulwark's version.")

    func run() {
        print("\(ToolInfo.name) \(ToolInfo.version)")
    }
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
