import Foundation
import PostureModel
import SourceModel
import TerraformEvaluation
import TerraformModel
import Testing

/// Evaluates every folder with `.tf` files under the corpus's `terraform/` as a root module, with the test
/// function library: nothing may crash, and the counts are printed. The corpus path comes from `BULWARK_CORPUS`,
/// else `../shared/corpus` beside the package.
@Suite("Terraform corpus evaluation")
struct CorpusTests {
    static var corpusRoot: String {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    }

    /// Every folder holding a `.tf` file, sorted.
    static func roots(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var folders: Set<String> = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".tf") && !relative.contains("/.terraform/") {
                folders.insert(root + "/" + (relative as NSString).deletingLastPathComponent)
            }
        }
        return folders.sorted()
    }

    @Test("every corpus root evaluates without a crash; resources, unknowns and errors are counted")
    func corpus() {
        let root = Self.corpusRoot + "/terraform"
        guard FileManager.default.fileExists(atPath: root) else {
            print("skipped: no corpus at \(root) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        let evaluator = TerraformEvaluator(functions: FixtureFunctions(), identifier: FixtureIdentifier())
        var instances = 0
        var unknownAttributes = 0
        var errorsByCode: [String: Int] = [:]
        var missingFunctions: [String: Int] = [:]
        var warningsByCode: [String: Int] = [:]
        var unknownReasons: [String: Int] = [:]
        let start = ContinuousClock.now
        let folders = Self.roots(under: root)
        for folder in folders {
            let configuration = evaluator.evaluate(rootModule: folder, inputs: TerraformVariableInputs())
            instances += configuration.instances.count
            for instance in configuration.instances {
                for value in instance.attributes.members?.values ?? [:].values {
                    guard let reason = value.firstUnknownReason else { continue }
                    unknownAttributes += 1
                    let kind = reason.hasPrefix("not evaluated") ? "not evaluated (an error)" : reason
                    unknownReasons[kind, default: 0] += 1
                }
            }
            for diagnostic in configuration.diagnostics where diagnostic.severity == .warning {
                warningsByCode[diagnostic.code.rawValue, default: 0] += 1
            }
            for diagnostic in configuration.diagnostics where diagnostic.severity == .error {
                errorsByCode[diagnostic.code.rawValue, default: 0] += 1
                if diagnostic.code != .terraformUnknownFunction { print("  \(diagnostic)") }
                if diagnostic.code == .terraformUnknownFunction,
                    let name = diagnostic.message.split(separator: "\"").dropFirst().first
                {
                    missingFunctions[String(name), default: 0] += 1
                }
            }
        }
        let errors = errorsByCode.values.reduce(0, +)
        print(
            "terraform corpus: \(folders.count) roots, \(instances) instances, \(unknownAttributes) attributes with unknowns, \(errors) errors"
        )
        print("in \(ContinuousClock.now - start); warnings by code: \(warningsByCode.sorted { $0.key < $1.key })")
        print("unknowns by reason: \(unknownReasons.sorted { $0.value > $1.value }.prefix(8))")
        print("errors by code: \(errorsByCode.sorted { $0.key < $1.key })")
        print("functions the test library lacks: \(missingFunctions.sorted { $0.value > $1.value })")
        #expect(instances > 0)
        // With the test library, the only errors are calls to the functions it lacks: the corpus is valid Terraform.
        #expect(errorsByCode.keys.allSatisfy { $0 == Diagnostic.Code.terraformUnknownFunction.rawValue })
    }

    /// The fixtures are fragments: many refer to resources they do not declare, which is an error as in Terraform.
    @Test("Checkov's Terraform fixtures evaluate without a crash; their errors are counted")
    func checkovFixtures() {
        let root = Self.corpusRoot + "/checkov/terraform"
        guard FileManager.default.fileExists(atPath: root) else {
            print("skipped: no corpus at \(root) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        let evaluator = TerraformEvaluator(functions: FixtureFunctions(), identifier: FixtureIdentifier())
        var instances = 0
        var errors: [String: Int] = [:]
        let folders = Self.roots(under: root)
        for folder in folders {
            let configuration = evaluator.evaluate(rootModule: folder, inputs: TerraformVariableInputs())
            instances += configuration.instances.count
            for diagnostic in configuration.diagnostics where diagnostic.severity == .error {
                errors[diagnostic.code.rawValue, default: 0] += 1
            }
        }
        print(
            "checkov terraform fixtures: \(folders.count) folders, \(instances) instances, errors by code: \(errors.sorted { $0.key < $1.key })"
        )
        #expect(instances > 0)
    }
}
