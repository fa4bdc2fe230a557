import ArgumentParser
import Foundation
import RuleEngine

/// `--rules DIR`, shared by the commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of your own rule files (.yaml) to add to the built-in rules.", valueName: "DIR"))
    var ruleFolders: [String] = []

    func catalog() -> RuleCatalog {
        var catalog = RuleCatalog.builtIn()
        for folder in ruleFolders { catalog.addRules(inFolder: URL(fileURLWithPath: folder)) }
        return catalog
    }
}
