import ARMTemplates
import Foundation
import PostureModel
import Reports
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

@testable import TerraformFrontEnd

/// The Terraform front end in a scan as `bulwark scan` wires it: ARM first (leaving Terraform's `.json` files to
/// it), then Terraform; the built-in rules judge mapped resources, and the exit code reads the result.
@Suite("Terraform front end: in a scan")
struct TerraformScanTests {
    static let catalog = RuleCatalog.builtIn()

    func scanner(_ frontEnd: TerraformFrontEnd = FrontEndFixtures.frontEnd()) -> Scanning.Scanner {
        Scanning.Scanner(frontEnds: [ARMFrontEnd(yields: { frontEnd.claims($0) }), frontEnd])
    }

    @Test("a plan beside an ARM template: each goes to its own front end, and the plan is not noted as foreign JSON")
    func planBesideTemplate() async throws {
        let folder = try TemporaryFolder()
        let plan = try folder.write("plan.json", FrontEndFixtures.plan)
        let template = try folder.write("t.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": true}"#))
        let result = await scanner().scan(ScanRequest(paths: [folder.path], catalog: Self.catalog))
        #expect(result.files == [template, plan])
        #expect(!result.problems.contains { $0.location.file == plan && $0.code == .notATemplate })
        let terraform = result.findings.filter { $0.resource.address != nil }
        #expect(Set(terraform.map(\.resource.address)) == ["azurerm_cognitive_account.oai"], "the deleted account is not judged")
        #expect(terraform.contains { $0.status == .fail && $0.property == "properties.disableLocalAuth" })
        #expect(
            !result.findings.contains { $0.resource.address == nil && $0.property == "properties.disableLocalAuth" && $0.status == .fail })
        #expect(result.exitCode(failOn: .low) == 1)
        let named = await scanner().scan(ScanRequest(paths: [plan], catalog: Self.catalog))
        #expect(named.files == [plan], "a plan named on the command line is Terraform's too")
    }

    @Test("without the Terraform front end, ARM keeps every .json as before")
    func armAlone() {
        #expect(ARMFrontEnd().claims("plan.json"))
        #expect(!ARMFrontEnd(yields: { $0.hasSuffix(".tf.json") }).claims("main.tf.json"))
    }

    @Test("a root module with a failing and a passing account: findings carry addresses and .tf positions")
    func rootModule() async throws {
        let folder = try TemporaryFolder()
        let open = try folder.write("open/main.tf", "")
        try folder.write("closed/main.tf", "")
        try folder.write("closed/secure.tf", "")
        let result = await scanner().scan(ScanRequest(paths: [folder.path], catalog: Self.catalog))
        #expect(Set(result.files) == [folder.path + "/open", folder.path + "/closed"])
        let localAuth = result.findings.filter { $0.property == "properties.disableLocalAuth" }
        let failing = localAuth.filter { $0.status == .fail }
        #expect(failing.map(\.resource.address) == ["azurerm_cognitive_account.open"])
        #expect(failing.first?.location == SourceLocation(file: open, line: 4, column: 24))
        #expect(localAuth.contains { $0.status == .pass && $0.resource.address == "azurerm_cognitive_account.closed" })
        let report = try JSONSerialization.jsonObject(with: try JSONReport().render(result)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { ($0["resource"] as? [String: Any])?["address"] as? String == "azurerm_cognitive_account.open" })
    }

    @Test("a folder whose only inputs failed to read exits 2; one with nothing to read says so and exits 0")
    func exitCodes() async throws {
        let broken = try TemporaryFolder()
        try broken.write("plan.json", FrontEndFixtures.plan.replacingOccurrences(of: "\"1.2\"", with: "\"3.0\""))
        let failed = await scanner().scan(ScanRequest(paths: [broken.path], catalog: Self.catalog))
        #expect(failed.exitCode(failOn: .low) == 2)
        #expect(ScanSummaryLine.readNothing(failed))
        #expect(ScanSummaryLine.nothingRead(paths: [broken.path], errors: failed.errors.count).contains("could be read (1 input error)"))
        let brokenRoot = try TemporaryFolder()
        try brokenRoot.write("broken.tf", "")
        let failedRoot = await scanner().scan(ScanRequest(paths: [brokenRoot.path], catalog: Self.catalog))
        #expect(failedRoot.exitCode(failOn: .low) == 2)
        let empty = try TemporaryFolder()
        try empty.write("notes.txt", "nothing to see")
        let nothing = await scanner().scan(ScanRequest(paths: [empty.path], catalog: Self.catalog))
        #expect(nothing.exitCode(failOn: .low) == 0)
        #expect(ScanSummaryLine.readNothing(nothing))
        #expect(ScanSummaryLine.nothingRead(paths: [empty.path]).contains("Terraform configuration or plan"))
    }

    @Test("configuration and variable files are searched for committed secrets")
    func secrets() async throws {
        let folder = try TemporaryFolder()
        try folder.write("root/main.tf", "")
        let tfvars = try folder.write("root/terraform.tfvars", "region = \"eastus\"\naccess_key = \"AKIAIOSFODNN7EXAMPLE\"\n")
        let result = await scanner().scan(ScanRequest(paths: [folder.path], catalog: Self.catalog))
        #expect(
            result.findings.contains {
                $0.ruleID == "BW-SECRET-001" && $0.status == .fail && $0.location == SourceLocation(file: tfvars, line: 2, column: 15)
            })
    }
}
