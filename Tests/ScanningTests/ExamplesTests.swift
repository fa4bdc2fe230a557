import Foundation
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// `bulwark scan Examples/` shows real findings on the insecure examples and passes every rule of severity
/// medium and above on the hardened ones.
@Suite("Bundled examples")
struct ExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path

    static func scan() async -> ScanResult {
        await Scanner.arm().scan(ScanRequest(paths: [examples], catalog: RuleCatalog.builtIn()))
    }

    @Test("the hardened examples pass every rule of severity medium and above that applies to them")
    func hardenedPass() async throws {
        let result = await Self.scan()
        #expect(result.errors.isEmpty, "\(result.errors)")
        let severities = Dictionary(uniqueKeysWithValues: result.rules.map { ($0.id, $0.severity) })
        let hardened = result.findings.filter { $0.resource.source.file.contains("-hardened") && severities[$0.ruleID]! >= .medium }
        let notPassing = hardened.filter { $0.status != .pass }
        #expect(notPassing.isEmpty, "\(notPassing.map { "\($0.ruleID) \($0.resource.name): \($0.message)" }.joined(separator: "\n"))")
        // Every medium+ rule for a resource type the hardened examples deploy was judged there.
        let hardenedTypes = Set(result.resources.filter { $0.source.file.contains("-hardened") }.map(\.type))
        // Rules that narrow themselves by kind or by a where-clause may rightly not apply.
        let expected = Set(
            result.rules.filter {
                $0.severity >= .medium && $0.applicability.types.contains(where: hardenedTypes.contains)
                    && $0.applicability.kinds.isEmpty && $0.applicability.condition == nil
            }.map(\.id))
        let judged = Set(hardened.map(\.ruleID))
        #expect(expected.subtracting(judged).isEmpty, "never judged on the hardened examples: \(expected.subtracting(judged).sorted())")
        #expect(judged.count >= 30)
    }

    @Test("the hardened ML workspace example passes every rule that applies to it, whatever its severity")
    func hardenedWorkspacePassesEverything() async throws {
        let file = (Self.examples as NSString).appendingPathComponent("ml-workspace-hardened.json")
        let result = await Scanner.arm().scan(ScanRequest(paths: [file], catalog: RuleCatalog.builtIn()))
        #expect(result.errors.isEmpty, "\(result.errors)")
        let notPassing = result.findings.filter { $0.status != .pass }
        #expect(notPassing.isEmpty, "\(notPassing.map { "\($0.ruleID) \($0.resource.name): \($0.message)" }.joined(separator: "\n"))")
        #expect(result.findings.contains { $0.ruleID == "BW-MLW-002" && $0.status == .pass })
        #expect(result.findings.contains { $0.ruleID == "BW-CMP-003" && $0.status == .pass })
    }

    @Test("the insecure examples fail the rules they were written to break")
    func insecureFail() async throws {
        let result = await Self.scan()
        let failed = Set(result.findings.filter { $0.resource.source.file.contains("-insecure") && $0.status == .fail }.map(\.ruleID))
        let mustFail: Set = [
            "BW-AI-001", "BW-AI-002", "BW-AI-004", "BW-AI-005", "BW-AI-009", "BW-AI-010", "BW-AOAI-001", "BW-AOAI-004",
            "BW-RAI-001", "BW-RAI-004", "BW-RAI-007", "BW-ML-001", "BW-ML-006", "BW-MLC-003", "BW-MLC-004", "BW-MLE-001",
            "BW-KV-001", "BW-ST-001", "BW-ACR-001", "BW-ACR-002",
            // Rules added with the full catalog.
            "BW-PE-001", "BW-PE-002", "BW-PE-003", "BW-MON-004", "BW-MON-005", "BW-TAG-001", "BW-MLC-006",
        ]
        #expect(mustFail.subtracting(failed).isEmpty, "expected to fail: \(mustFail.subtracting(failed).sorted())")
        #expect(result.exitCode(failOn: .low) == 1)
    }

    @Test("the hardened OpenAI example takes its parameter file from beside it")
    func pairsParameterFile() async throws {
        let result = await Self.scan()
        let account = try #require(
            result.resources.first { $0.type == "Microsoft.CognitiveServices/accounts" && $0.source.file.contains("-hardened") })
        #expect(account.name == "contoso-openai-prod")
    }
}
