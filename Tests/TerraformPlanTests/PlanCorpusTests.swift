import Foundation
import TerraformModel
import Testing

@testable import TerraformPlan

/// The `terraform show -json` plans in the shared corpus (`$BULWARK_CORPUS/terraform/plans`, default
/// `../shared/corpus`): every one read with no problem.
@Suite("Terraform plans: the corpus")
struct PlanCorpusTests {
    static var folder: String {
        let corpus = ProcessInfo.processInfo.environment["BULWARK_CORPUS"] ?? "../shared/corpus"
        return (corpus as NSString).appendingPathComponent("terraform/plans")
    }

    @Test("every corpus plan is detected and read with zero problems")
    func corpus() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder))?.filter { $0.hasSuffix(".json") }.sorted() ?? []
        guard !names.isEmpty else {
            print("skipped: no plans in \(Self.folder) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        var total = 0
        let start = ContinuousClock.now
        for name in names {
            let path = (Self.folder as NSString).appendingPathComponent(name)
            #expect(PlanDetection.isPlanFile(path), "\(name)")
            switch TerraformPlanReader().read(path) {
            case .failure(let problem): Issue.record("\(name): \(problem)")
            case .success(let plan):
                #expect(plan.diagnostics.isEmpty, "\(name): \(plan.diagnostics)")
                #expect(!plan.instances.isEmpty, "\(name)")
                let unknowns = plan.instances.count { $0.attributes.containsUnknown }
                print("\(name): format \(plan.formatVersion), \(plan.instances.count) instances (\(unknowns) with unknowns)")
                total += plan.instances.count
            }
        }
        let elapsed = ContinuousClock.now - start
        let nested = try #require(
            try? TerraformPlanReader().read(
                (Self.folder as NSString).appendingPathComponent("checkov-aws-nested-child-modules.tfplan.json")
            ).get())
        #expect(nested.instances.contains { $0.moduleAddress.contains("module.") && $0.moduleAddress.split(separator: ".").count >= 4 })
        print("\(names.count) plans, \(total) instances, detected and read in \(elapsed)")
    }
}
