import ARMTemplates
import Foundation
import Reports
import Scanning
import Testing

/// Locks the expansion of three AVM examples (an Azure OpenAI account with private endpoints, an AI Studio
/// hub, the AI Foundry pattern) against golden files checked by hand; `Scripts/update-golden.sh` rewrites
/// them. The corpus is third-party input: these tests are skipped, and reported as skipped, where it is absent.
@Suite("Golden AVM expansions")
struct GoldenExpansionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = ProcessInfo.processInfo.environment["BULWARK_CORPUS"]
        ?? root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path

    static let cases: [(golden: String, template: String, parameters: String)] = [
        ("cognitive-services-openai-private", "avm/res/cognitive-services/account/main.json",
         "avm/res/cognitive-services/account/examples/10-using-openai-and-deployments-in-parameter-set-with-private-e.parameters.json"),
        ("ml-workspace-ai-hub", "avm/res/machine-learning-services/workspace/main.json",
         "avm/res/machine-learning-services/workspace/examples/01-creating-azure-ai-studio-hub-resource.parameters.json"),
        ("ai-foundry-defaults", "avm/ptn/ai-ml/ai-foundry/main.json",
         "avm/ptn/ai-ml/ai-foundry/examples/01-using-only-defaults.parameters.json"),
    ]

    static var corpusIsPresent: Bool { FileManager.default.fileExists(atPath: corpus) }

    @Test(
        "expansions match their golden files",
        .enabled(if: corpusIsPresent, "no corpus at ../shared/corpus (set BULWARK_CORPUS)"),
        arguments: cases.map(\.golden)
    )
    func matchesGolden(name: String) throws {
        let entry = try #require(Self.cases.first { $0.golden == name })
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Tests/ScanningTests/Golden/\(name).json"), encoding: .utf8)
        let context = DeploymentContext(utcNow: ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z"))
        let prefix = Self.corpus.hasSuffix("/") ? Self.corpus : Self.corpus + "/"
        let expansion = ARMFrontEnd(context: context).expand(template: prefix + entry.template, parameters: prefix + entry.parameters)
        // The update script runs inside the corpus, so its paths are relative to it; these are made so too.
        let actual = String(decoding: try ExpansionReport().json(expansion), as: UTF8.self).replacingOccurrences(of: prefix, with: "") + "\n"
        #expect(expansion.problems.allSatisfy { $0.severity != .error })
        #expect(actual == golden, "the expansion of \(entry.template) changed; review it and run Scripts/update-golden.sh")
    }
}
