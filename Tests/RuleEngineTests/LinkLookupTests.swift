import LocatedJSON
import PostureModel
import SourceModel
import Testing

@testable import RuleEngine

/// The lookups behind `related` and `resources:` give exactly the verdicts of reading every candidate.
@Suite("Link lookups")
struct LinkLookupTests {
    static let group = "/subscriptions/SUB-1/resourceGroups/rg/providers"

    /// A body from JSON, with every string `"<unknown>"` made a value the input does not know.
    static func resource(_ type: String, _ id: String, _ json: String) throws -> Resource {
        func unknowns(_ value: Value) -> Value {
            switch value.kind {
            case .string("<unknown>"): return .unknown("[reference('x')]", reason: "it is known only at deployment")
            case .array(let elements): return Value(.array(elements.map(unknowns)), location: value.location)
            case .object(let members):
                return Value(.object(members.map { Value.Member(key: $0.key, value: unknowns($0.value)) }), location: value.location)
            default: return value
            }
        }
        let body = unknowns(Value(json: try JSONReader().read(json), file: "mixed.json"))
        return Resource(
            type: ResourceType(type), name: String(id.split(separator: "/").last ?? ""), id: id, body: body,
            source: SourceLocation(file: "mixed.json", line: 1, column: 1), origin: .arm)
    }

    /// AI accounts with and without private endpoints and diagnostic settings (ids in other casings, unknown
    /// references), workspaces holding registry ids (one unknown), a subscription and a tenant.
    static func mixedEstate() throws -> [Resource] {
        var resources: [Resource] = []
        for number in 0..<24 {
            let account = "\(group)/Microsoft.CognitiveServices/accounts/ai\(number)"
            let publicAccess = number % 3 == 0 ? "Disabled" : "Enabled"
            resources.append(
                try resource(
                    "Microsoft.CognitiveServices/accounts", account,
                    #"{"kind": "OpenAI", "location": "eastus", "properties": {"publicNetworkAccess": "\#(publicAccess)", "disableLocalAuth": \#(number % 2 == 0)}}"#
                ))
            let reference = [account, account.uppercased(), "<unknown>", "\(account)-other"][number % 4]
            if number % 5 != 4 {
                resources.append(
                    try resource(
                        "Microsoft.Network/privateEndpoints", "\(group)/Microsoft.Network/privateEndpoints/pe\(number)",
                        #"{"properties": {"subnet": {"id": "s"}, "privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "\#(reference)", "groupIds": ["account"]}}]}}"#
                    ))
            }
            if number % 3 != 1 {
                // An unknown scope on a setting that fails `where` anyway; an unknown workspace decides nothing.
                let scope = number % 8 == 7 ? "<unknown>" : account.lowercased()
                let workspace =
                    number % 8 == 7
                    ? "" : number % 2 == 0 ? #""workspaceId": "w","# : number % 6 == 3 ? #""workspaceId": "<unknown>","# : ""
                resources.append(
                    try resource(
                        "Microsoft.Insights/diagnosticSettings", "\(account)/providers/Microsoft.Insights/diagnosticSettings/d\(number)",
                        #"{"scope": "\#(scope)", "properties": {\#(workspace) "logs": [{"categoryGroup": "allLogs", "enabled": true}, {"categoryGroup": "audit", "enabled": true}]}}"#
                    ))
            }
        }
        for number in 0..<6 {
            let registry = "\(group)/Microsoft.ContainerRegistry/registries/acr\(number)"
            resources.append(
                try resource(
                    "Microsoft.ContainerRegistry/registries", registry,
                    #"{"sku": {"name": "Premium"}, "properties": {"publicNetworkAccess": "\#(number % 2 == 0 ? "Disabled" : "Enabled")", "adminUserEnabled": false}}"#
                ))
            let held = [registry.uppercased(), "<unknown>", registry, "\(registry)x"][number % 4]
            resources.append(
                try resource(
                    "Microsoft.MachineLearningServices/workspaces", "\(group)/Microsoft.MachineLearningServices/workspaces/ws\(number)",
                    #"{"kind": "Default", "identity": {"type": "SystemAssigned"}, "properties": {"containerRegistry": "\#(held)", "publicNetworkAccess": "Disabled"}}"#
                ))
        }
        resources.append(try resource("Microsoft.Resources/subscriptions", "/subscriptions/sub-1", #"{"properties": {}}"#))
        resources.append(try resource("Microsoft.Graph/tenants", "/tenants/t", #"{"properties": {"tenantId": "t"}}"#))
        resources.append(
            try resource(
                "Microsoft.Graph/conditionalAccessPolicies", "p1",
                #"{"properties": {"state": "enabled", "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}}, "grantControls": {"builtInControls": ["mfa"]}}}"#
            ))
        return resources
    }

    @Test("every built-in rule gives identical findings with the lookups and with a scan of every candidate")
    func identicalFindings() throws {
        let resources = try Self.mixedEstate()
        let rules = RuleCatalog.builtIn().rules
        let indexed = RuleEvaluator().evaluate(rules, over: ResourceIndex(resources))
        let scanned = RuleEvaluator().evaluate(rules, over: ResourceIndex(resources, links: .scan))
        #expect(indexed == scanned)
        // The estate exercises every verdict of the linking rules.
        let linking = indexed.filter { $0.ruleID == "BW-AI-010" }
        #expect(Set(linking.map(\.status)) == [.pass, .fail, .unknown], "\(linking.map { "\($0.ruleID) \($0.status)" })")
    }

    @Test("the lookup finds referrers whatever the casing, and keeps unknown references undecided")
    func referrers() throws {
        let resources = try Self.mixedEstate()
        let index = ResourceIndex(resources)
        let path = try FieldPath.parse("properties.privateLinkServiceConnections[*].properties.privateLinkServiceId").get()
        let (linked, undecided) = index.referrers(
            ofType: "Microsoft.Network/privateEndpoints", at: path, to: "\(Self.group)/Microsoft.CognitiveServices/accounts/AI1")
        #expect(linked.map { resources[$0].name } == ["pe1"])
        #expect(undecided.map { resources[$0].name } == ["pe2", "pe6", "pe10", "pe18", "pe22"])
    }
}
