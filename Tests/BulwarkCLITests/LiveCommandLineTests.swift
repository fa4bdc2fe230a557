import AzureFakes
import Foundation
import Hummingbird
import ScanTesting
import Synchronization
import Testing

/// `bulwark scan --subscription` and `bulwark collect` against a loopback fake of Entra, ARM, Resource Graph and
/// Microsoft Graph, configured only through the environment variables a user sets: issue 15's contract.
@Suite("bulwark against a live Azure estate (a loopback fake)")
struct LiveCommandLineTests {
    /// The 14 privileged directory roles Microsoft's "Require MFA for administrators" template names.
    static let privilegedRoles =
        #""62e90394-69f5-4237-9190-012177145e10","e8611ab8-c189-46e8-94e1-60213ab1f814","7be44c8a-adaf-4e2a-84d6-ab2649e08a13","194ae4cb-b126-40b2-bd5b-6091b380977d","b1be1c3e-b65d-4f19-8427-f6fa0d97feb9","9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3","158c047a-c907-4556-b7ef-446551a6b5f7","c4e39bd9-1100-46d3-8c65-fb160da0071f","fe930be7-5e62-47db-91af-98c3a49a38b1","966707d0-3269-4727-9be2-8c3a10f19b9d","729827e3-9c14-49f7-bb1b-9608f156bbb8","29232cdf-9323-42fd-ade2-1d097af3e4de","f28a1f50-f6e7-4571-818b-6a12f2af6b6c","b0f54661-2d74-4c50-afa3-1ec803f12efe""#

    /// Two conditional access policies: MFA for the privileged roles, enforced; MFA for everyone, report-only.
    static let tenant = FakeGraphTenant(
        collections: [
            FakeGraphTenant.Path.conditionalAccessPolicies: [
                #"{"id":"ca-admins","displayName":"MFA for administrators","state":"enabled","conditions":{"users":{"includeUsers":[],"includeRoles":[\#(privilegedRoles)],"excludeUsers":["break-glass"]},"applications":{"includeApplications":["All"]},"clientAppTypes":["all"]},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}"#,
                #"{"id":"ca-everyone","displayName":"MFA for everyone","state":"enabledForReportingButNotEnforced","conditions":{"users":{"includeUsers":["All"],"excludeUsers":["break-glass"]},"applications":{"includeApplications":["All"]},"clientAppTypes":["all"]},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}"#,
            ],
            FakeGraphTenant.Path.namedLocations: [], FakeGraphTenant.Path.roleDefinitions: [],
            FakeGraphTenant.Path.roleAssignments: [], FakeGraphTenant.Path.roleEligibilitySchedules: [],
            FakeGraphTenant.Path.roleAssignmentSchedules: [], FakeGraphTenant.Path.roleManagementPolicyAssignments: [],
            FakeGraphTenant.Path.organization: [#"{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47","displayName":"Contoso (fake)"}"#],
        ],
        objects: [
            FakeGraphTenant.Path.securityDefaults:
                #"{"id":"00000000-0000-0000-0000-000000000005","displayName":"Security Defaults","isEnabled":false}"#,
            FakeGraphTenant.Path.authenticationMethodsPolicy:
                #"{"id":"authenticationMethodsPolicy","displayName":"Authentication Methods Policy","authenticationMethodConfigurations":[]}"#,
        ])

    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the binary off the cooperative pool (the fake answers it from this process).
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = CommandLineTests.binary
                    process.arguments = arguments
                    process.environment = environment
                    let output = Pipe(), error = Pipe()
                    process.standardOutput = output
                    process.standardError = error
                    try process.run()
                    let errorData = Mutex(Data())
                    let reader = Thread { errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() } }
                    reader.start()
                    let outData = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
                    continuation.resume(
                        returning: Run(
                            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                            error: String(decoding: errorData.withLock { $0 }, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Each finding as `rule resource-id status`, sorted: what two scans must agree on.
    static func verdicts(_ report: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        return findings.map { finding in
            let resource = finding["resource"] as? [String: Any]
            return "\(finding["ruleId"] ?? "") \((resource?["id"] as? String ?? "").lowercased()) \(finding["status"] ?? "")"
        }.sorted()
    }

    @Test("a throttled, paged 2,600-resource subscription and its tenant are judged live, and a snapshot of them gives the same verdicts")
    func contract() async throws {
        let estate = FakeEstate.generated(subscriptions: 1, resources: 2_600)
        let subscription = try #require(estate.subscriptions.keys.first)
        let azure = FakeAzure(estate: estate)
        azure.script.withLock {
            $0.throttleStorm = 2
            $0.stormRetryAfterSeconds = 1
        }
        let graph = FakeGraph(tenant: Self.tenant)
        let router = azure.router()
        graph.register(on: router, prefix: "/graph")
        let folder = try TemporaryFolder()
        let home = folder.path
        try await LoopbackServer.run(router) { port in
            let base = "http://127.0.0.1:\(port)"
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
                "AZURE_TENANT_ID": azure.tenantID, "AZURE_CLIENT_ID": azure.clientID, "AZURE_CLIENT_SECRET": azure.clientSecret,
                "AZURE_AUTHORITY_HOST": base, "BULWARK_ARM_ENDPOINT": base, "BULWARK_GRAPH_ENDPOINT": base + "/graph",
            ]
            let live = try await Self.run(["scan", "--subscription", subscription, "--format", "json"], environment: environment)
            #expect(live.status == 1, "findings fail: \(live.error)")
            #expect(!live.error.contains(azure.clientSecret), "the secret is never printed")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(live.output.utf8)) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            #expect((summary["resources"] as? Int ?? 0) >= 2_600, "\(summary)")
            let verdicts = try Self.verdicts(live.output)
            // Diagnostic settings only ARM returns decide BW-AI-010: every other generated account has them.
            #expect(verdicts.contains { $0.hasPrefix("BW-AI-010 ") && $0.hasSuffix(" pass") })
            #expect(verdicts.contains { $0.hasPrefix("BW-AI-010 ") && $0.hasSuffix(" fail") })
            // The tenant: MFA for administrators is enforced; MFA for everyone is only report-only.
            #expect(
                verdicts.contains { $0.hasPrefix("BW-TEN-001 /tenants/") && $0.hasSuffix(" pass") },
                "\(verdicts.filter { $0.hasPrefix("BW-TEN") })")
            #expect(verdicts.contains { $0.hasPrefix("BW-TEN-002 /tenants/") && $0.hasSuffix(" fail") })
            #expect(verdicts.contains { $0.hasPrefix("BW-CA-001 ca-everyone ") && $0.hasSuffix(" fail") })
            #expect(azure.count(.resourceGraph) >= 5, "paged and retried after the 429s: \(azure.allCounts)")

            let snapshot = home + "/snapshot"
            let collected = try await Self.run(["collect", "--subscription", subscription, "--output", snapshot], environment: environment)
            #expect(collected.status == 0, "\(collected.error)")
            #expect(FileManager.default.fileExists(atPath: snapshot + "/manifest.json"))
            let offline = try await Self.run(["scan", snapshot, "--format", "json"], environment: ["PATH": environment["PATH"] ?? ""])
            #expect(offline.status == 1, "\(offline.error)")
            #expect(try Self.verdicts(offline.output) == verdicts, "the snapshot judged offline gives the live verdicts")
        }
    }

    @Test("a wrong secret exits 2 naming the credential source, never the secret")
    func wrongSecret() async throws {
        let azure = FakeAzure(estate: FakeEstate.generated(subscriptions: 1, resources: 10))
        try await azure.run { url in
            let base = url.absoluteString
            let environment = [
                "PATH": "/usr/bin:/bin", "AZURE_TENANT_ID": azure.tenantID, "AZURE_CLIENT_ID": azure.clientID,
                "AZURE_CLIENT_SECRET": "not-the-secret", "AZURE_AUTHORITY_HOST": base, "BULWARK_ARM_ENDPOINT": base,
                "BULWARK_GRAPH_ENDPOINT": base + "/graph",
            ]
            let run = try await Self.run(["collect", "--output", "/tmp/never-written-\(UUID().uuidString)"], environment: environment)
            #expect(run.status == 2)
            #expect(run.error.contains("environment (client secret)"), "\(run.error)")
            #expect(run.error.contains("AADSTS7000215"), "\(run.error)")
            #expect(!run.error.contains("not-the-secret"))
        }
    }

    @Test("plain HTTP to anything but loopback is refused, naming the variable")
    func plainHTTPRefused() async throws {
        let run = try await Self.run(
            ["scan", "--subscription", "s", "--format", "json"],
            environment: ["PATH": "/usr/bin:/bin", "BULWARK_ARM_ENDPOINT": "http://management.example.com"])
        #expect(run.status == 2)
        #expect(run.error.contains("BULWARK_ARM_ENDPOINT"), "\(run.error)")
    }
}
