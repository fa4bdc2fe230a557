import LiveSnapshot
import PostureModel
import SourceModel
import Testing

@Suite("A collected estate as resources")
struct SnapshotLoadingTests {
    @Test("ARM records become live resources with parent, children and scope linked")
    func links() throws {
        let input = SnapshotLoading.load(try SnapshotFixtures.estate(), origin: "test")
        #expect(input.problems.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: input.resources.map { ($0.id, $0) })
        let account = try #require(byID[SnapshotFixtures.account])
        let deployment = try #require(byID[SnapshotFixtures.deployment])
        let setting = try #require(byID[SnapshotFixtures.diagnostics])
        #expect(account.origin == .live)
        #expect(account.type.name == "Microsoft.CognitiveServices/accounts")
        #expect(account.name == "oai-prod")
        #expect(account.properties?[member: "disableLocalAuth"]?.boolValue == false)
        #expect(account.childIDs == [SnapshotFixtures.deployment])
        #expect(account.parentID == nil)
        #expect(deployment.parentID == SnapshotFixtures.account)
        #expect(deployment.name == "oai-prod/gpt-4o")
        #expect(setting.scopeID == SnapshotFixtures.account)
        #expect(setting.parentID == nil)
        // Held in memory, a resource points at its id.
        #expect(account.source == SourceLocation(.liveResource, name: SnapshotFixtures.account))
    }

    @Test("lower-cased types get ARM casing, a missing name comes from the id, an extension's scope from its id")
    func normalises() throws {
        let content = SnapshotContent(
            manifest: SnapshotFixtures.manifest(),
            armResources: [
                try SnapshotFixtures.record(
                    #"{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Search/searchServices/srch", "type": "microsoft.search/searchservices"}"#
                ),
                try SnapshotFixtures.record(
                    #"{"id": "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/ra1", "type": "Microsoft.Authorization/roleAssignments", "name": "ra1"}"#
                ),
                try SnapshotFixtures.record(#"{"name": "no id", "type": "Microsoft.Web/sites"}"#),
            ])
        let input = SnapshotLoading.load(content, origin: "test")
        #expect(input.resources.count == 2)
        #expect(input.resources[0].type.name == "Microsoft.Search/searchServices")
        #expect(input.resources[0].name == "srch")
        #expect(input.resources[1].scopeID == "/subscriptions/s")
        #expect(input.problems.map(\.code) == [.malformedSnapshotRecord])
    }

    @Test("a Graph object is its Microsoft.Graph resource named by displayName, and the tenant is added")
    func graphAndTenant() throws {
        var content = try SnapshotFixtures.estate(collectors: [
            CollectorReport(name: "graph-conditional-access", status: .complete, types: ["Microsoft.Graph/conditionalAccessPolicies"])
        ])
        content.manifest.tenantDisplayName = "Contoso"
        content.graphObjects.append(
            try SnapshotFixtures.record(
                #"{"id": "loc-1", "type": "Microsoft.Graph/namedLocations", "properties": {"displayName": "Head office", "isTrusted": true}}"#
            ))
        let input = SnapshotLoading.load(content, origin: "test")
        let policy = try #require(input.resources.first { $0.type == "Microsoft.Graph/conditionalAccessPolicies" })
        #expect(policy.name == "Require MFA for admins")
        #expect(policy.id == "6b5fb7a8-0000-0000-0000-000000000001")
        #expect(policy.properties?[member: "state"]?.stringValue == "enabled")
        let location = try #require(input.resources.first { $0.type == "Microsoft.Graph/namedLocations" })
        #expect(location.name == "Head office")
        let tenant = try #require(input.resources.first { $0.type == "Microsoft.Graph/tenants" })
        #expect(tenant.id == "/tenants/\(SnapshotFixtures.tenant)")
        #expect(tenant.name == "Contoso")
        #expect(tenant.properties?[member: "tenantId"]?.stringValue == SnapshotFixtures.tenant)
        #expect(tenant.origin == .live)
    }

    @Test("without a Graph collector there is no tenant resource")
    func noTenantWithoutGraph() throws {
        let input = SnapshotLoading.load(
            try SnapshotFixtures.estate(collectors: [CollectorReport(name: "resource-graph", status: .complete, types: ["*"])]),
            origin: "test")
        #expect(!input.resources.contains { $0.type == "Microsoft.Graph/tenants" })
    }

    @Test("a denied collector makes its types' coverage incomplete, naming the permission, with a warning")
    func deniedCoverage() throws {
        let content = try SnapshotFixtures.estate(collectors: [
            CollectorReport(name: "resource-graph", status: .complete, types: ["*"]),
            CollectorReport(
                name: "graph-conditional-access", status: .denied,
                types: ["Microsoft.Graph/conditionalAccessPolicies", "Microsoft.Graph/namedLocations"], requests: 1,
                missingPermission: "Policy.Read.All"),
        ])
        let input = SnapshotLoading.load(content, origin: "subscription 1")
        #expect(
            input.coverage["Microsoft.Graph/conditionalAccessPolicies"] == .incomplete(reason: "denied: the identity lacks Policy.Read.All")
        )
        #expect(input.coverage["Microsoft.Graph/namedLocations"] == .incomplete(reason: "denied: the identity lacks Policy.Read.All"))
        #expect(input.coverage["Microsoft.CognitiveServices/accounts"] == nil)
        let warning = try #require(input.problems.first)
        #expect(input.problems.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.code == .incompleteCollection)
        #expect(warning.message.contains("graph-conditional-access") && warning.message.contains("Policy.Read.All"))
        #expect(warning.location == SourceLocation(.liveResource, name: "subscription 1"))
        // The tenant is there, so tenant-wide rules report unknown rather than nothing.
        #expect(input.resources.contains { $0.type == "Microsoft.Graph/tenants" })
    }

    @Test("a partial inventory leaves every ARM type incomplete except those another collector read in full")
    func partialInventory() throws {
        let content = try SnapshotFixtures.estate(collectors: [
            CollectorReport(name: "resource-graph", status: .partial, types: ["*"], messages: ["2 of 3 subscriptions read"]),
            CollectorReport(name: "diagnostic-settings", status: .complete, types: ["Microsoft.Insights/diagnosticSettings"]),
        ])
        let input = SnapshotLoading.load(content, origin: "test")
        let reason = Coverage.incomplete(reason: "partial: 2 of 3 subscriptions read")
        #expect(input.coverage["Microsoft.CognitiveServices/accounts"] == reason)
        #expect(input.coverage["Microsoft.Network/privateEndpoints"] == reason)
        #expect(input.coverage["Microsoft.Insights/diagnosticSettings"] == nil)
        #expect(input.coverage["Microsoft.Graph/conditionalAccessPolicies"] == nil)
    }
}
