import LiveSnapshot
import PostureModel
import RuleEngine
import Testing

@Suite("Restoring ARM casing to Resource Graph's lower-cased types")
struct ResourceTypeCasingTests {
    @Test(
        "known types get their ARM casing back",
        arguments: [
            ("microsoft.cognitiveservices/accounts", "Microsoft.CognitiveServices/accounts"),
            ("microsoft.cognitiveservices/accounts/raipolicies", "Microsoft.CognitiveServices/accounts/raiPolicies"),
            ("microsoft.network/privateendpoints", "Microsoft.Network/privateEndpoints"),
            ("microsoft.insights/diagnosticsettings", "Microsoft.Insights/diagnosticSettings"),
            (
                "microsoft.machinelearningservices/workspaces/onlineendpoints",
                "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
            ),
            ("microsoft.resources/subscriptions/resourcegroups", "Microsoft.Resources/subscriptions/resourceGroups"),
            ("microsoft.documentdb/databaseaccounts", "Microsoft.DocumentDB/databaseAccounts"),
            ("Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults"),
        ])
    func knownTypes(lower: String, arm: String) {
        #expect(ResourceTypeCasing.armCasing(lower) == arm)
    }

    @Test("an unknown type keeps its known parent's or namespace's casing, else gets its namespace parts capitalised")
    func unknownTypes() {
        #expect(ResourceTypeCasing.armCasing("microsoft.foo/bars") == "Microsoft.Foo/bars")
        #expect(ResourceTypeCasing.armCasing("contoso.widgets.v2/gadgets/parts") == "Contoso.Widgets.V2/gadgets/parts")
        #expect(
            ResourceTypeCasing.armCasing("microsoft.storage/storageaccounts/objectreplicationpolicies")
                == "Microsoft.Storage/storageAccounts/objectreplicationpolicies")
        #expect(ResourceTypeCasing.armCasing("microsoft.network/newthings") == "Microsoft.Network/newthings")
        #expect(ResourceTypeCasing.armCasing("") == "")
        #expect(ResourceTypeCasing.armCasing("microsoft.foo") == "Microsoft.Foo")
    }

    @Test("every type a built-in rule applies to or links to is restored exactly")
    func ruleCatalogTypes() throws {
        let catalog = RuleCatalog.builtIn()
        #expect(catalog.errors.isEmpty)
        var types: Set<String> = []
        for rule in catalog.rules {
            types.formUnion(rule.applicability.types.map(\.name))
            types.formUnion(Self.relatedTypes(rule.requirement).map(\.name))
            if let condition = rule.applicability.condition { types.formUnion(Self.relatedTypes(condition).map(\.name)) }
        }
        types.remove("Bulwark.Source/secrets")
        #expect(types.count > 30)
        for type in types.sorted() {
            #expect(ResourceTypeCasing.armCasing(type.lowercased()) == type)
            #expect(ResourceTypeCasing.knownTypes.contains(type), "\(type) is not in resource-types.json")
        }
    }

    static func relatedTypes(_ condition: Condition) -> [ResourceType] {
        switch condition {
        case .allOf(let conditions), .anyOf(let conditions): conditions.flatMap(relatedTypes)
        case .not(let inner): relatedTypes(inner)
        case .count(_, let inner, _): inner.map(relatedTypes) ?? []
        case .related(let clause): [clause.type] + (clause.condition.map(relatedTypes) ?? [])
        case .aggregate(let clause): clause.types + (clause.condition.map(relatedTypes) ?? [])
        case .field, .value: []
        }
    }
}
