import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel
import Testing

/// Terraform resources are named by their address (`module.ai.azurerm_cognitive_account.openai["east"]`) in every
/// report; other inputs' reports stay as they were.
@Suite("Reports: Terraform addresses")
struct AddressReportTests {
    static let address = #"module.ai.azurerm_cognitive_account.openai["east"]"#

    static func resource(address: String?) -> Resource {
        Resource(
            type: "Microsoft.Test/things", name: "oai",
            id: "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Test/things/oai",
            body: Value(.object([Value.Member(key: "properties", value: Value(.object([])))])),
            source: SourceLocation(file: "infra/modules/ai/main.tf", line: 3, column: 1), origin: .terraform, address: address)
    }

    static func result(address: String?) -> ScanResult {
        let finding = Finding(
            ruleID: ReportFixtures.rule.id, status: .fail, resource: ResourceReference(resource(address: address)),
            property: "properties.disableLocalAuth", actual: nil, message: "Keys are accepted.",
            location: SourceLocation(file: "infra/modules/ai/main.tf", line: 3, column: 1))
        return ScanResult(files: ["infra"], resources: [resource(address: address)], findings: [finding], rules: [ReportFixtures.rule])
    }

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("JSON findings carry resource.address, and leave it out for resources without one")
    func json() throws {
        let report = try object(try JSONReport().render(Self.result(address: Self.address)))
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect((finding["resource"] as? [String: Any])?["address"] as? String == Self.address)
        let arm = try object(try JSONReport().render(ReportFixtures.result))
        let armFinding = try #require((arm["findings"] as? [[String: Any]])?.first)
        #expect((armFinding["resource"] as? [String: Any])?.keys.contains("address") == false)
    }

    @Test("SARIF names the address in the message and as a logical location; the fingerprint tells instances apart")
    func sarif() throws {
        let log = try object(try SARIFReport().render(Self.result(address: Self.address)))
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect(((result["message"] as? [String: String])?["text"])?.contains("(\(Self.address))") == true)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let logical = try #require(location["logicalLocations"] as? [[String: String]])
        #expect(logical.contains { $0["name"] == Self.address && $0["kind"] == "terraformAddress" })
        #expect(logical.contains { $0["name"] == "oai" && $0["kind"] == "resource" })
        let other = try object(try SARIFReport().render(Self.result(address: #"module.ai.azurerm_cognitive_account.openai["west"]"#)))
        let otherResult = try #require(((other["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect(
            (result["partialFingerprints"] as? [String: String]) != (otherResult["partialFingerprints"] as? [String: String]))
    }

    @Test("the table shows the address beside the ARM type")
    func table() {
        let text = TableReport(useColor: false).render(Self.result(address: Self.address))
        #expect(text.contains("\(Self.address) (things)"))
        #expect(!TableReport(useColor: false).render(ReportFixtures.result).contains("(things)"))
    }

    @Test("the expansion report lists addresses: an ADDRESS column and an address member")
    func expansion() throws {
        let expansion = LoadedInput(resources: [Self.resource(address: Self.address)])
        let table = ExpansionReport().table(expansion)
        #expect(table.hasPrefix("ADDRESS"))
        #expect(table.contains(Self.address))
        let document = try object(try ExpansionReport().json(expansion))
        #expect((document["resources"] as? [[String: Any]])?.first?["address"] as? String == Self.address)
        let arm = try object(try ExpansionReport().json(LoadedInput(resources: [Self.resource(address: nil)])))
        #expect((arm["resources"] as? [[String: Any]])?.first?.keys.contains("address") == false)
        #expect(!ExpansionReport().table(LoadedInput(resources: [Self.resource(address: nil)])).contains("ADDRESS"))
    }
}
