import ArgumentParser
import Foundation
import RuleEngine
import SourceModel

/// `--rules DIR` and `--config FILE`, shared by the commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("A folder of your own rule files (.yaml) to add to the built-in rules.", valueName: "DIR"))
    var ruleFolders: [String] = []

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "A project file setting rule parameters (default: .bulwark.yaml in the current folder, if present).", valueName: "FILE"))
    var configFile: String?

    static let defaultConfigFile = ".bulwark.yaml"

    /// The project file in use: `--config`, else `.bulwark.yaml` in the current folder when it exists.
    var projectFilePath: String? {
        configFile ?? (FileManager.default.fileExists(atPath: Self.defaultConfigFile) ? Self.defaultConfigFile : nil)
    }

    /// The rules, read with the project's parameters. Problems in the project file are rule errors.
    func catalog() -> RuleCatalog {
        var parameters = RuleParameters.defaults()
        var configErrors: [Diagnostic] = []
        if let path = projectFilePath {
            do throws(InputFile.Unreadable) {
                configErrors = parameters.apply(projectFile: try InputFile.text(at: path, what: "the project file"), file: path)
            } catch {
                configErrors = [
                    Diagnostic(error.missing ? .fileNotFound : .unreadableFile, at: .init(file: path, line: 1, column: 1), error.reason)
                ]
            }
        }
        var catalog = RuleCatalog.builtIn(parameters: parameters)
        catalog.report(configErrors)
        for folder in ruleFolders { catalog.addRules(inFolder: URL(fileURLWithPath: folder)) }
        return catalog
    }
}
