import AzureFakes
import LiveCollection
import PostureModel
import Testing

/// The fields `Sources/RuleEngine/Rules/entra.yaml` reads, found where its rules look for them in collected records
/// (this target does not depend on the rule engine: the paths are written out here).
@Suite("Collected Graph records in the shape the Entra rules read")
struct GraphRecordShapeTests {
    /// The value at a dotted path (`properties.scheduleInfo.expiration.type`); `[*]` takes an array's first element.
    static func value(_ record: Value, _ path: String) -> Value? {
        var current: Value? = record
        for part in path.split(separator: ".") {
            if part.hasSuffix("[*]") {
                current = current?[member: String(part.dropLast(3))]?.elements?.first
            } else {
                current = current?[member: String(part)]
            }
        }
        return current
    }

    @Test("conditional access policies carry state, users, roles, client apps and grant controls under properties")
    func conditionalAccess() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant))
        let policies = part.records(of: "Microsoft.Graph/conditionalAccessPolicies")
        #expect(policies.count == 9)
        for policy in policies {
            #expect(Self.value(policy, "properties.state")?.stringValue != nil)
            #expect(Self.value(policy, "properties.conditions.users.includeUsers")?.elements != nil)
            #expect(Self.value(policy, "properties.conditions.clientAppTypes")?.elements != nil)
            #expect(policy[member: "name"]?.stringValue == Self.value(policy, "properties.displayName")?.stringValue)
        }
        #expect(policies.contains { Self.value($0, "properties.grantControls.builtInControls[*]")?.stringValue == "mfa" })
        #expect(policies.contains { Self.value($0, "properties.conditions.userRiskLevels[*]")?.stringValue == "high" })
    }

    @Test("assignment schedules carry roleDefinitionId and scheduleInfo.expiration.type, as BW-PIM-001 reads them")
    func assignmentSchedules() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant))
        let schedules = part.records(of: "Microsoft.Graph/roleAssignmentSchedules")
        #expect(
            schedules.map { Self.value($0, "properties.scheduleInfo.expiration.type")?.stringValue } == ["afterDateTime", "noExpiration"])
        #expect(schedules.allSatisfy { Self.value($0, "properties.roleDefinitionId")?.stringValue == FakeGraphSamples.globalAdministrator })
    }

    @Test("role management policies carry their rules with id, enabledRules and setting.isApprovalRequired, and the role")
    func roleManagementPolicies() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant))
        let policy = try #require(part.records(of: "Microsoft.Graph/roleManagementPolicies").first)
        let rules = try #require(Self.value(policy, "properties.rules")?.elements)
        let enablement = try #require(rules.first { $0[member: "id"]?.stringValue == "Enablement_EndUser_Assignment" })
        #expect(enablement[member: "enabledRules"]?.elements != nil)
        let approval = try #require(rules.first { $0[member: "id"]?.stringValue == "Approval_EndUser_Assignment" })
        #expect(approval[member: "setting"]?[member: "isApprovalRequired"]?.boolValue != nil)
        #expect(Self.value(policy, "properties.scopeType")?.stringValue == "DirectoryRole")
        #expect(Self.value(policy, "properties.roleDefinitionId")?.stringValue == FakeGraphSamples.globalAdministrator)
    }
}
