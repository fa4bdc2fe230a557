import AzureFakes
import Foundation
import LiveCollection
import LiveSnapshot
import PostureModel
import Testing

@Suite("Collecting a live estate through Resource Graph and ARM, against the loopback fake")
struct LiveCollectorTests {
    /// Three subscriptions of 400 resources each.
    static let estate = FakeEstate.generated(subscriptions: 3, resources: 1_200)
    static var subscriptions: [String] { estate.subscriptions.keys.sorted() }

    static func smallPages(_ fake: FakeAzure) -> CollectionHarness {
        var harness = CollectionHarness(fake)
        harness.options.rowsPerPage = 100
        return harness
    }

    @Test("every resource is read page by page, as ARM records sorted by lower-cased id, with every collector complete")
    func pagingAndSorting() async throws {
        let fake = FakeAzure(estate: Self.estate)
        let content = try await Self.smallPages(fake).collect().get()
        let lower = content.ids.map { $0.lowercased() }
        #expect(lower == lower.sorted())
        #expect(Set(lower).count == lower.count)
        for row in Self.estate.resources { #expect(Set(lower).contains(row.lowerID)) }
        // 1,200 resources in pages of 100, and 3 subscriptions and 15 resource groups in one page.
        #expect(fake.count(.resourceGraph) == 13)
        #expect(
            content.manifest.collectors.map(\.name) == [
                "resource-graph", "diagnostic-settings", "ai-child-resources", "defender-plans", "role-assignments", "pim-azure",
            ])
        #expect(content.manifest.collectors.allSatisfy { $0.status == .complete })
        #expect(content.manifest.scope.subscriptions == Self.subscriptions)
        let account = try #require(content.records(ofType: "Microsoft.CognitiveServices/accounts").first)
        #expect(account[member: "resourceGroup"] == nil && account[member: "subscriptionId"] == nil && account[member: "tenantId"] == nil)
        #expect(account[member: "kind"]?.stringValue == "OpenAI")
        let deployment = try #require(content.records(ofType: "Microsoft.CognitiveServices/accounts/deployments").first)
        #expect(deployment[member: "name"]?.stringValue?.hasSuffix("/gpt-4o") == true)
        let setting = try #require(content.records(ofType: "Microsoft.Insights/diagnosticSettings").first)
        #expect(setting[member: "scope"]?.stringValue.map { setting[member: "id"]?.stringValue?.hasPrefix($0) == true } == true)
        let group = try #require(content.records(ofType: "Microsoft.Resources/resourceGroups").first)
        #expect(group[member: "name"]?.stringValue == "rg-0")
        #expect(content.records(ofType: "Microsoft.Resources/subscriptions").count == 3)
        #expect(content.records(ofType: "Microsoft.Security/pricings").count == 9)
        // Four assignments per subscription, and the four definitions they use (not the fifth).
        #expect(content.records(ofType: "Microsoft.Authorization/roleAssignments").count == 12)
        #expect(content.records(ofType: "Microsoft.Authorization/roleDefinitions").count == 12)
        let assignment = try #require(content.records(ofType: "Microsoft.Authorization/roleAssignments").first)
        #expect(assignment[member: "scope"]?.stringValue?.hasPrefix("/subscriptions/") == true)
        #expect(content.records(ofType: "Microsoft.Authorization/roleEligibilitySchedules").count == 3)
        #expect(content.manifest.principal?.id == "00000000-0000-0000-0000-0000000000aa")
        #expect(content.manifest.principal?.kind == "servicePrincipal")
        #expect(content.manifest.tenantID == Self.estate.tenantID)
    }

    @Test("pacing from the quota headers waits out the window before the quota runs out: no 429 at all")
    func pacing() async throws {
        let fake = FakeAzure(estate: Self.estate)
        var harness = CollectionHarness(fake)
        harness.options.rowsPerPage = 25
        let content = try await harness.collect().get()
        #expect(fake.count(.resourceGraph) == 49)
        #expect(fake.count(.resourceGraphThrottled) == 0)
        let report = try #require(content.report("resource-graph"))
        #expect(report.status == .complete)
        #expect(report.throttledWaits >= 3)
        #expect(content.records(ofType: "Microsoft.Compute/virtualMachines").count == 120)
    }

    @Test("a 429 storm is waited out (Retry-After, on the fake's clock) and nothing is lost")
    func storm() async throws {
        let fake = FakeAzure(estate: Self.estate)
        fake.script.withLock {
            $0.throttleStorm = 6
            $0.faultsAfterPages = 2
        }
        let content = try await Self.smallPages(fake).collect().get()
        #expect(fake.count(.resourceGraphThrottled) == 6)
        #expect(fake.now >= .seconds(12))
        #expect(content.report("resource-graph")?.status == .complete)
        #expect(content.report("resource-graph")?.throttledWaits ?? 0 >= 6)
        #expect(Set(content.ids.map { $0.lowercased() }).isSuperset(of: Self.estate.resources.map(\.lowerID)))
    }

    @Test("an expired skip token resumes after the last id read: no row lost, none twice")
    func skipTokenExpiry() async throws {
        let baseline = try await Self.smallPages(FakeAzure(estate: Self.estate)).collect().get()
        let fake = FakeAzure(estate: Self.estate)
        fake.script.withLock {
            $0.expiringSkipTokens = 2
            $0.faultsAfterPages = 3
        }
        let content = try await Self.smallPages(fake).collect().get()
        #expect(content.ids == baseline.ids)
        #expect(content.report("resource-graph")?.status == .complete)
        #expect(fake.count(.resourceGraph) == 13 + 2)
    }

    @Test("a page that is not JSON twice makes the inventory partial, with the reason; one bad page is asked again")
    func malformedPage() async throws {
        let fake = FakeAzure(estate: Self.estate)
        fake.script.withLock {
            $0.malformedPages = 2
            $0.faultsAfterPages = 4
        }
        let content = try await Self.smallPages(fake).collect().get()
        let report = try #require(content.report("resource-graph"))
        #expect(report.status == .partial)
        #expect(report.messages.contains { $0.contains("no data array") })

        let once = FakeAzure(estate: Self.estate)
        once.script.withLock {
            $0.truncatedPages = 1
            $0.faultsAfterPages = 4
        }
        let retried = try await Self.smallPages(once).collect().get()
        #expect(retried.report("resource-graph")?.status == .complete)
        #expect(Set(retried.ids.map { $0.lowercased() }).isSuperset(of: Self.estate.resources.map(\.lowerID)))
    }

    @Test("ARM refusing one subscription makes the ARM collectors partial, naming the role, and the others are read")
    func deniedSubscription() async throws {
        let denied = Self.subscriptions[1]
        let fake = FakeAzure(estate: Self.estate, deniedSubscriptions: [denied])
        let content = try await Self.smallPages(fake).collect().get()
        #expect(content.report("resource-graph")?.status == .complete)
        for name in ["diagnostic-settings", "ai-child-resources", "defender-plans", "role-assignments", "pim-azure"] {
            let report = try #require(content.report(name))
            #expect(report.status == .partial, "\(name)")
            #expect(report.missingPermission?.contains("Reader") == true)
            #expect(report.messages.first == "partial: 2 of 3 subscriptions read")
        }
        let plans = content.records(ofType: "Microsoft.Security/pricings").compactMap { $0[member: "id"]?.stringValue }
        #expect(plans.count == 6)
        #expect(!plans.contains { $0.contains(denied) })
    }

    @Test("a subscription that does not exist, or cannot be read, is named unreadable with a warning; the rest is collected")
    func unknownSubscription() async throws {
        let hidden = Self.subscriptions[2]
        let missing = "deadbeef-0000-0000-0000-000000000000"
        let fake = FakeAzure(estate: Self.estate, hiddenSubscriptions: [hidden])
        let content = try await Self.smallPages(fake).collect(CollectionScope(subscriptions: [Self.subscriptions[0], missing, hidden]))
            .get()
        #expect(content.manifest.scope.subscriptions == [Self.subscriptions[0]])
        #expect(content.manifest.scope.unreadableSubscriptions == [hidden, missing].sorted())
        let report = try #require(content.report("resource-graph"))
        #expect(report.status == .partial)
        #expect(report.messages.contains { $0.contains(missing) && $0.contains("SubscriptionNotFound") })
        #expect(report.messages.contains { $0.contains(hidden) && $0.contains("Reader") })
        #expect(content.records(ofType: "Microsoft.Resources/subscriptions").count == 1)

        let none = try await Self.smallPages(FakeAzure(estate: Self.estate)).collect(CollectionScope(subscriptions: [missing]))
        guard case .failure(.noReadableSubscription(let asked, let detail)) = none else {
            Issue.record("expected noReadableSubscription, got \(none)")
            return
        }
        #expect(asked == [missing])
        #expect(detail.contains("SubscriptionNotFound"))
    }

    @Test("tokens that expire mid-collection are renewed on the 401 and the collection is complete")
    func tokenExpiry() async throws {
        let fake = FakeAzure(estate: Self.estate)
        var harness = Self.smallPages(fake)
        harness.onProgress = { progress, fake in
            if progress.stage == "resources" { fake.expireIssuedTokens() }
        }
        let content = try await harness.collect().get()
        #expect(fake.count(.unauthorized) >= 1)
        #expect(fake.count(.token) >= 2)
        #expect(content.manifest.collectors.allSatisfy { $0.status == .complete })
    }

    @Test("a wrong secret fails the collection naming the credential source, never the secret")
    func wrongSecret() async throws {
        var harness = Self.smallPages(FakeAzure(estate: Self.estate))
        harness.secret = "not-the-secret-Xy7"
        let result = try await harness.collect()
        guard case .failure(let error) = result, case .noToken(.refused(_, 401, _), let source) = error else {
            Issue.record("expected noToken, got \(result)")
            return
        }
        #expect(source == "environment (client secret)")
        #expect(error.description.contains("environment (client secret)"))
        #expect(!error.description.contains("not-the-secret-Xy7"))
    }

    @Test("inner 429s of a /batch are sent again after their Retry-After; ARM lists follow nextLink")
    func batchThrottlingAndNextLink() async throws {
        let fake = FakeAzure(estate: Self.estate, armPageSize: 1)
        fake.script.withLock { $0.batchInnerThrottles = 5 }
        let content = try await Self.smallPages(fake).collect().get()
        let report = try #require(content.report("diagnostic-settings"))
        #expect(report.status == .complete)
        #expect(report.throttledWaits >= 1)
        // Two accounts of the three subscriptions' six have a diagnostic setting (every other one).
        #expect(content.records(ofType: "Microsoft.Insights/diagnosticSettings").count == 6)
        #expect(content.records(ofType: "Microsoft.Authorization/roleAssignments").count == 12)
        #expect(content.records(ofType: "Microsoft.CognitiveServices/accounts/deployments").count == 24)
    }
}
