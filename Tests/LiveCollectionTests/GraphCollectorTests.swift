import AzureFakes
import LiveCollection
import LiveSnapshot
import PostureModel
import Testing

@Suite("Collecting the Entra tenant from Microsoft Graph")
struct GraphCollectorTests {
    typealias Path = FakeGraphTenant.Path

    @Test("the corpus tenant is read whole: every object, as a record of its type, under three complete reports")
    func corpusReplay() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        let graph = FakeGraph(tenant: tenant)
        let part = try await GraphTesting.collect(graph)
        #expect(part.reports.map(\.name) == ["graph-conditional-access", "graph-policies", "graph-directory-roles"])
        #expect(part.reports.allSatisfy { $0.status == .complete }, "\(part.reports)")
        let expected = [
            "Microsoft.Graph/conditionalAccessPolicies": 9, "Microsoft.Graph/namedLocations": 3,
            "Microsoft.Graph/identitySecurityDefaultsEnforcementPolicy": 1, "Microsoft.Graph/authenticationMethodsPolicy": 1,
            "Microsoft.Graph/roleDefinitions": 2, "Microsoft.Graph/roleAssignments": 2, "Microsoft.Graph/roleEligibilitySchedules": 1,
            "Microsoft.Graph/roleAssignmentSchedules": 2, "Microsoft.Graph/roleManagementPolicies": 1,
        ]
        for (type, count) in expected { #expect(part.records(of: type).count == count, "\(type)") }
        #expect(part.graphObjects.count == expected.values.reduce(0, +))
        #expect(part.tenantDisplayName == "Contoso (fake)")
        #expect(part.report("graph-directory-roles")?.types.count == 5)
        // One request per endpoint (each a single page) and one for the organization.
        #expect(graph.requestCounts.filter { $0.key != Path.organization }.values.allSatisfy { $0 == 1 })
        let requests = part.reports.map(\.requests).reduce(0, +)
        #expect(requests == 9)

        let policy = try #require(part.records(of: "Microsoft.Graph/roleManagementPolicies").first)
        #expect(policy[member: "properties"]?[member: "roleDefinitionId"]?.stringValue == FakeGraphSamples.globalAdministrator)
        #expect(policy[member: "properties"]?[member: "rules"]?.elements?.count == 17)
        let defaults = try #require(part.records(of: "Microsoft.Graph/identitySecurityDefaultsEnforcementPolicy").first)
        #expect(defaults[member: "id"]?.stringValue == "00000000-0000-0000-0000-000000000005")
        #expect(defaults[member: "properties"]?[member: "@odata.context"] == nil)
        #expect(defaults[member: "properties"]?[member: "isEnabled"]?.boolValue == true)
    }

    @Test("a list split over pages is read across them, each link followed once")
    func pagingAcrossPages() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.pageSize = 2
        let graph = FakeGraph(tenant: tenant, faults: faults)
        let part = try await GraphTesting.collect(graph)
        #expect(part.records(of: "Microsoft.Graph/conditionalAccessPolicies").count == 9)
        #expect(graph.requests(Path.conditionalAccessPolicies) == 5)
        #expect(graph.requests(Path.namedLocations) == 2)
        #expect(part.report("graph-conditional-access")?.status == .complete)
        #expect(part.report("graph-conditional-access")?.requests == 7)
    }

    @Test("the recorded two-page fixture of conditional access policies gives its five policies")
    func recordedPagedFixture() async throws {
        guard var tenant = try GraphTesting.corpusTenant() else { return }
        try tenant.usePagedConditionalAccessFixture(corpusRoot: GraphTesting.corpusRoot)
        let graph = FakeGraph(tenant: tenant)
        let part = try await GraphTesting.collect(graph)
        #expect(part.records(of: "Microsoft.Graph/conditionalAccessPolicies").count == 5)
        #expect(graph.requests(Path.conditionalAccessPolicies) == 2)
        #expect(part.report("graph-conditional-access")?.status == .complete)
    }

    @Test("403 on conditional access policies: that report partial naming Policy.Read.All, the others complete")
    func deniedConditionalAccess() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.denied = [Path.conditionalAccessPolicies]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        let report = try #require(part.report("graph-conditional-access"))
        #expect(report.status == .partial)
        #expect(report.missingPermission == "Policy.Read.All")
        #expect(report.messages.contains { $0.contains("403 (Authorization_RequestDenied)") && $0.contains("Policy.Read.All") })
        #expect(part.records(of: "Microsoft.Graph/conditionalAccessPolicies").isEmpty)
        #expect(part.records(of: "Microsoft.Graph/namedLocations").count == 3)
        #expect(part.report("graph-policies")?.status == .complete)
        #expect(part.report("graph-directory-roles")?.status == .complete)
    }

    @Test("403 on both conditional access reads: denied, naming Policy.Read.All once")
    func deniedWholeReport() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.denied = [Path.conditionalAccessPolicies, Path.namedLocations, Path.organization]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        let report = try #require(part.report("graph-conditional-access"))
        #expect(report.status == .denied)
        #expect(report.missingPermission == "Policy.Read.All")
        #expect(part.tenantDisplayName == nil)
        #expect(part.report("graph-policies")?.status == .complete)
    }

    @Test("a tenant without Entra ID P2: PIM reads denied with the licence named, role definitions still read")
    func missingP2() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.licenceRequired = [Path.roleEligibilitySchedules, Path.roleAssignmentSchedules, Path.roleManagementPolicyAssignments]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        let report = try #require(part.report("graph-directory-roles"))
        #expect(report.status == .partial)
        #expect(report.missingPermission == "Microsoft Entra ID P2")
        #expect(report.messages.count == 3)
        #expect(report.messages.allSatisfy { $0.contains("needs Microsoft Entra ID P2") && $0.contains("AadPremiumLicenseRequired") })
        #expect(part.records(of: "Microsoft.Graph/roleDefinitions").count == 2)
        #expect(part.records(of: "Microsoft.Graph/roleAssignmentSchedules").isEmpty)
    }

    @Test("every directory role read refused: denied, naming each missing permission")
    func deniedDirectoryRoles() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.denied = [
            Path.roleDefinitions, Path.roleAssignments, Path.roleEligibilitySchedules, Path.roleAssignmentSchedules,
            Path.roleManagementPolicyAssignments,
        ]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        let report = try #require(part.report("graph-directory-roles"))
        #expect(report.status == .denied)
        #expect(
            report.missingPermission
                == "RoleManagement.Read.Directory, RoleEligibilitySchedule.Read.Directory, RoleAssignmentSchedule.Read.Directory, RoleManagementPolicy.Read.Directory"
        )
    }

    @Test("429 with Retry-After is waited out with the injected sleep, and counted")
    func throttlingWaitedOut() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.throttled = [Path.conditionalAccessPolicies: 2]
        faults.retryAfterSeconds = 7
        let sleeps = RecordedSleeps()
        let graph = FakeGraph(tenant: tenant, faults: faults)
        let part = try await GraphTesting.collect(graph, sleeps: sleeps)
        #expect(sleeps.all == [.seconds(7), .seconds(7)])
        #expect(graph.requests(Path.conditionalAccessPolicies) == 3)
        let report = try #require(part.report("graph-conditional-access"))
        #expect(report.status == .complete)
        #expect(report.throttledWaits == 2)
        #expect(report.requests == 4)
        #expect(part.report("graph-policies")?.throttledWaits == 0)
    }

    @Test("an expired token is answered 401, renewed once, and the read completes")
    func expiredTokenRenewed() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.expiredTokens = [FixedTokenCredential.expired]
        faults.acceptedTokens = [FixedTokenCredential.valid]
        let credential = FixedTokenCredential(expiredFirst: true)
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults), credential: credential)
        #expect(part.reports.allSatisfy { $0.status == .complete }, "\(part.reports)")
        #expect(credential.invalidated >= 1)
        #expect(credential.invalidated <= 4, "no more renewals than reads in flight when the token expired")
        #expect(part.graphObjects.count == 22)
    }

    @Test("a token Graph never accepts: failed with 401 and Graph's code, never the token")
    func tokenRefused() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.acceptedTokens = ["another-token"]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        #expect(part.reports.allSatisfy { $0.status == .failed })
        let messages = part.reports.flatMap(\.messages)
        #expect(messages.allSatisfy { $0.contains("401 (InvalidAuthenticationToken)") })
        #expect(!messages.contains { $0.contains(FixedTokenCredential.valid) })
    }

    @Test("a malformed second page: the report partial with the reason, the first page's objects kept, other reads whole")
    func malformedPage() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        var faults = FakeGraphFaults()
        faults.pageSize = 4
        faults.malformedPage = [Path.conditionalAccessPolicies: 2]
        let part = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        let report = try #require(part.report("graph-conditional-access"))
        #expect(report.status == .partial)
        #expect(report.missingPermission == nil)
        #expect(report.messages.contains { $0.contains("4 objects read, then page 2 is malformed") })
        #expect(part.records(of: "Microsoft.Graph/conditionalAccessPolicies").count == 4)
        #expect(part.records(of: "Microsoft.Graph/namedLocations").count == 3)
        #expect(part.report("graph-policies")?.status == .complete)
    }

    @Test("records come out sorted by type then id, the same whatever the paging")
    func deterministicOrder() async throws {
        guard let tenant = try GraphTesting.corpusTenant() else { return }
        let whole = try await GraphTesting.collect(FakeGraph(tenant: tenant))
        var faults = FakeGraphFaults()
        faults.pageSize = 1
        let paged = try await GraphTesting.collect(FakeGraph(tenant: tenant, faults: faults))
        #expect(whole.graphObjects == paged.graphObjects)
        let keys = whole.graphObjects.map { "\($0[member: "type"]?.stringValue ?? "") \($0[member: "id"]?.stringValue ?? "")" }
        #expect(keys == keys.sorted())
    }
}
