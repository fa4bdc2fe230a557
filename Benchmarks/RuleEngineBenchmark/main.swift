import Foundation
import PostureModel
import RuleEngine
import SourceModel

// Times the built-in rules over a synthetic live estate:
// `swift run -c release RuleEngineBenchmark [RESOURCES] [indexed|scan] [ROUNDS]` (defaults 100000, indexed, 3).
// The estate repeats a group of eight resources: an OpenAI account with a private endpoint and a diagnostic
// setting, a storage account with a diagnostic setting, a virtual network, a network security group and a
// Conditional Access policy; plus the subscription and the tenant, so subscription and tenant rules run too.
// `scan` reads every candidate of a `related` clause for every judged resource (the evaluation before the lookups).

let arguments = CommandLine.arguments
let count = arguments.count >= 2 ? max(Int(arguments[1]) ?? 100_000, 8) : 100_000
let links: ResourceIndex.LinkResolution = arguments.count >= 3 && arguments[2] == "scan" ? .scan : .indexed
let rounds = arguments.count >= 4 ? max(Int(arguments[3]) ?? 3, 1) : 3

let location = SourceLocation(file: "benchmark", line: 1, column: 1)
func string(_ text: String) -> Value { Value(.string(text)) }
func object(_ members: [(String, Value)]) -> Value { Value(.object(members.map { Value.Member(key: $0.0, value: $0.1) })) }
func array(_ elements: [Value]) -> Value { Value(.array(elements)) }
func resource(_ type: String, _ id: String, _ members: [(String, Value)]) -> Resource {
    Resource(
        type: ResourceType(type), name: String(id.split(separator: "/").last ?? ""), id: id, body: object(members),
        source: location, origin: .live)
}

let subscription = "/subscriptions/00000000-0000-0000-0000-000000000001"
var resources: [Resource] = [
    resource("Microsoft.Resources/subscriptions", subscription, [("properties", object([]))]),
    resource("Microsoft.Graph/tenants", "/tenants/t", [("properties", object([("tenantId", string("t"))]))]),
]
var group = 0
while resources.count < count {
    let prefix = "\(subscription)/resourceGroups/rg-\(group / 50)/providers"
    let account = "\(prefix)/Microsoft.CognitiveServices/accounts/ai-\(group)"
    let storage = "\(prefix)/Microsoft.Storage/storageAccounts/st\(group)"
    let logs = array([object([("categoryGroup", string("allLogs")), ("enabled", Value(.bool(true)))])])
    resources += [
        resource(
            "Microsoft.CognitiveServices/accounts", account,
            [
                ("kind", string("OpenAI")), ("location", string("eastus")), ("sku", object([("name", string("S0"))])),
                ("properties", object([("publicNetworkAccess", string(group % 2 == 0 ? "Disabled" : "Enabled"))])),
            ]),
        resource(
            "Microsoft.Network/privateEndpoints", "\(prefix)/Microsoft.Network/privateEndpoints/pe-\(group)",
            [
                (
                    "properties",
                    object([
                        ("subnet", object([("id", string("\(prefix)/Microsoft.Network/virtualNetworks/vnet-\(group)/subnets/pe"))])),
                        (
                            "privateLinkServiceConnections",
                            array([
                                object([
                                    (
                                        "properties",
                                        object([("privateLinkServiceId", string(account)), ("groupIds", array([string("account")]))])
                                    )
                                ])
                            ])
                        ),
                    ])
                )
            ]),
        resource(
            "Microsoft.Insights/diagnosticSettings", "\(account)/providers/Microsoft.Insights/diagnosticSettings/logs",
            [("scope", string(account)), ("properties", object([("workspaceId", string("w")), ("logs", logs)]))]),
        resource(
            "Microsoft.Storage/storageAccounts", storage,
            [
                ("kind", string("StorageV2")), ("location", string("eastus")),
                ("properties", object([("allowBlobPublicAccess", Value(.bool(false))), ("minimumTlsVersion", string("TLS1_2"))])),
            ]),
        resource(
            "Microsoft.Insights/diagnosticSettings", "\(storage)/providers/Microsoft.Insights/diagnosticSettings/logs",
            [("scope", string(storage)), ("properties", object([("workspaceId", string("w")), ("logs", logs)]))]),
        resource(
            "Microsoft.Network/virtualNetworks", "\(prefix)/Microsoft.Network/virtualNetworks/vnet-\(group)",
            [("properties", object([("addressSpace", object([("addressPrefixes", array([string("10.0.0.0/16")]))]))]))]),
        resource(
            "Microsoft.Network/networkSecurityGroups", "\(prefix)/Microsoft.Network/networkSecurityGroups/nsg-\(group)",
            [("properties", object([("securityRules", array([]))]))]),
        resource(
            "Microsoft.Graph/conditionalAccessPolicies", "policy-\(group)",
            [
                (
                    "properties",
                    object([
                        ("state", string(group % 3 == 0 ? "enabled" : "enabledForReportingButNotEnforced")),
                        ("conditions", object([("users", object([("includeUsers", array([string("All")]))]))])),
                        ("grantControls", object([("builtInControls", array([string("mfa")]))])),
                    ])
                )
            ]),
    ]
    group += 1
}
resources = Array(resources.prefix(count))

let clock = ContinuousClock()
var rules: [Rule] = []
let loading = clock.measure { rules = RuleCatalog.builtIn().rules }
print("\(resources.count) resources, \(rules.count) rules, \(links) links (rules read in \(loading))")
var times: [Duration] = []
var findings = 0
for _ in 0..<rounds {
    let index = ResourceIndex(resources, links: links)
    var result: [Finding] = []
    times.append(clock.measure { result = RuleEvaluator().evaluate(rules, over: index) })
    findings = result.count
}
times.sort()
print("findings \(findings); median \(times[times.count / 2]), best \(times[0]), worst \(times[times.count - 1]) over \(rounds) rounds")
