import LocatedJSON
import SourceModel
import PostureModel
import Testing
@testable import RuleEngine

/// A failed finding names the property the fix changes, and says what was looked for.
@Suite("Evidence names the deciding property")
struct EvidenceTests {
    static let catalog = RuleCatalog.builtIn()

    static func resource(_ type: String, _ name: String, _ json: String, apiVersion: String? = nil) throws -> Resource {
        let body = Value(json: try JSONReader().read(json), file: "evidence.json")
        return Resource(
            type: ResourceType(type), name: name,
            id: "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/\(type)/\(name)", apiVersion: apiVersion,
            body: body, source: SourceLocation(file: "evidence.json", line: 1, column: 1), origin: .arm)
    }

    static func finding(_ ruleID: String, on subject: Resource, with others: [Resource] = []) throws -> Finding? {
        let rule = try #require(catalog.rule(withID: ruleID))
        return RuleEvaluator().evaluate(rule, on: subject, in: ResourceIndex([subject] + others))
    }

    @Test("BW-ACR-002 cites anonymousPullEnabled, not the SKU that makes the rule apply")
    func registryAnonymousPull() throws {
        let registry = try Self.resource(
            "Microsoft.ContainerRegistry/registries", "acr", #"{"sku": {"name": "Standard"}, "properties": {"anonymousPullEnabled": true}}"#
        )
        let finding = try #require(try Self.finding("BW-ACR-002", on: registry))
        #expect(finding.status == .fail)
        #expect(finding.property == "properties.anonymousPullEnabled")
        #expect(finding.message.contains("(properties.anonymousPullEnabled is true)"), "\(finding.message)")
    }

    @Test("BW-AI-003 cites networkAcls.defaultAction, the setting that fixes an account whose public access stays on")
    func accountDefaultAction() throws {
        let account = try Self.resource(
            "Microsoft.CognitiveServices/accounts", "ai",
            #"{"kind": "AIServices", "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}}}"#)
        let finding = try #require(try Self.finding("BW-AI-003", on: account))
        #expect(finding.status == .fail)
        #expect(finding.property == "properties.networkAcls.defaultAction")
        let bare = try #require(
            try Self.finding("BW-AI-003", on: Self.resource("Microsoft.CognitiveServices/accounts", "ai", #"{"properties": {}}"#)))
        #expect(bare.property == "properties.networkAcls.defaultAction")
        #expect(bare.message.contains("(properties.networkAcls.defaultAction is not set)"), "\(bare.message)")
    }

    @Test("BW-RAI-001 names the category that no filter covers")
    func contentFilterCategory() throws {
        func filter(_ name: String, blocking: Bool = true) -> String {
            #"{"name": "\#(name)", "source": "Prompt", "enabled": true, "blocking": \#(blocking), "severityThreshold": "Medium"}"#
        }
        let filters = [filter("Hate"), filter("Sexual", blocking: false), filter("Violence"), filter("Selfharm"), filter("Jailbreak")]
        let policy = try Self.resource(
            "Microsoft.CognitiveServices/accounts/raiPolicies", "ai/strict",
            #"{"properties": {"contentFilters": [\#(filters.joined(separator: ", "))]}}"#)
        let finding = try #require(try Self.finding("BW-RAI-001", on: policy))
        #expect(finding.status == .fail)
        #expect(
            finding.message.contains(
                "(0 of 5 properties.contentFilters[*] match name equals Sexual, source equals Prompt, enabled equals true and blocking equals true)"
            ),
            "\(finding.message)")
    }

    @Test("BW-ML-004 says that managedNetwork is not set, rather than counting 0 of 0")
    func absentManagedNetwork() throws {
        let workspace = try Self.resource(
            "Microsoft.MachineLearningServices/workspaces", "ws", #"{"kind": "Default", "properties": {"publicNetworkAccess": "Disabled"}}"#
        )
        let finding = try #require(try Self.finding("BW-ML-004", on: workspace))
        #expect(finding.status == .fail)
        #expect(finding.property == "properties.managedNetwork")
        #expect(finding.message.contains("(properties.managedNetwork is not set)"), "\(finding.message)")
        #expect(!finding.message.contains("0 of 0"))
    }

    @Test("BW-MLW-002 is reported on the workspace that needs imageBuildCompute, not on its registry")
    func imageBuildComputeOnWorkspace() throws {
        let registry = try Self.resource(
            "Microsoft.ContainerRegistry/registries", "acr",
            #"{"sku": {"name": "Premium"}, "properties": {"publicNetworkAccess": "Disabled"}}"#)
        let workspace = try Self.resource(
            "Microsoft.MachineLearningServices/workspaces", "ws", #"{"properties": {"containerRegistry": "\#(registry.id)"}}"#)
        #expect(try Self.finding("BW-MLW-002", on: registry, with: [workspace]) == nil)
        let finding = try #require(try Self.finding("BW-MLW-002", on: workspace, with: [registry]))
        #expect(finding.status == .fail)
        #expect(finding.resource.type == "Microsoft.MachineLearningServices/workspaces")
        #expect(finding.property == "properties.imageBuildCompute")
        // A registry open to the internet does not make the setting necessary.
        let open = try Self.resource(
            "Microsoft.ContainerRegistry/registries", "acr",
            #"{"sku": {"name": "Premium"}, "properties": {"publicNetworkAccess": "Enabled"}}"#)
        #expect(try Self.finding("BW-MLW-002", on: workspace, with: [open]) == nil)
        // Neither does a private registry that is another workspace's, nor a registry outside the deployment.
        let other = try Self.resource(
            "Microsoft.ContainerRegistry/registries", "other",
            #"{"sku": {"name": "Premium"}, "properties": {"publicNetworkAccess": "Disabled"}}"#)
        #expect(try Self.finding("BW-MLW-002", on: workspace, with: [other]) == nil)
        #expect(try Self.finding("BW-MLW-002", on: workspace) == nil)
    }
}
