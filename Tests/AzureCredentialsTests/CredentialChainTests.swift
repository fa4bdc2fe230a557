import AzureCredentials
import Foundation
import GatewayTesting
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    static let arm = "https://management.azure.com/.default"
    static let graph = "https://graph.microsoft.com/.default"
    static let cliAnswer = #"{"accessToken":"cli-token","expires_on":4102444800}"#

    static func cloud(_ authority: URL) -> AzureCloud {
        var cloud = AzureCloud.azureCloud
        cloud.authorityHost = authority
        return cloud
    }

    @Test("--auth spellings")
    func choices() {
        #expect(AuthChoice(argument: "environment") == .environment)
        #expect(AuthChoice(argument: "workload-identity") == .workloadIdentity)
        #expect(AuthChoice(argument: "managed-identity") == .managedIdentity)
        #expect(AuthChoice(argument: "azure-cli") == .azureCLI)
        #expect(AuthChoice(argument: "cli") == nil)
    }

    @Test("the environment comes first, and the source kept names itself")
    func environmentFirst() async throws {
        let fake = FakeEntraEndpoint(secret: "right")
        let az = try FakeAzureCLI.answering(Self.cliAnswer)
        defer { az.remove() }
        try await fake.withServer { (base: URL) async throws -> Void in
            let chain = CredentialChain(
                environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "right", "PATH": az.path],
                cloud: Self.cloud(base), instanceMetadataEndpoint: base)
            #expect(chain.sourceName == CredentialChain.chainName)
            #expect(try await chain.token(scope: Self.arm).value == "entra-token-1")
            #expect(chain.sourceName == "environment (client secret)")
            #expect(try await chain.token(scope: Self.graph).value == "entra-token-2")
            #expect(az.calls.isEmpty)
        }
    }

    @Test("workload identity when the environment has no app credential")
    func workloadIdentitySecond() async throws {
        let service = FakeTokenService()
        let folder = try TemporaryFolder("bulwark-chain")
        defer { folder.remove() }
        try "federated".write(toFile: folder.path("token"), atomically: true, encoding: .utf8)
        try await service.withServer { (base: URL) async throws -> Void in
            let chain = CredentialChain(
                environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_FEDERATED_TOKEN_FILE": folder.path("token")],
                cloud: Self.cloud(base), instanceMetadataEndpoint: base)
            #expect(try await chain.token(scope: Self.arm).value == "token-1")
            #expect(chain.sourceName == "workload identity")
        }
    }

    @Test("managed identity before the Azure CLI")
    func managedIdentityThird() async throws {
        let service = FakeTokenService()
        let az = try FakeAzureCLI.answering(Self.cliAnswer)
        defer { az.remove() }
        try await service.withServer { (base: URL) async throws -> Void in
            let chain = CredentialChain(environment: ["PATH": az.path], cloud: Self.cloud(base), instanceMetadataEndpoint: base)
            #expect(try await chain.token(scope: Self.arm).value == "token-1")
            #expect(chain.sourceName == "managed identity (instance metadata)")
            #expect(az.calls.isEmpty)
        }
    }

    @Test("the Azure CLI when no metadata service answers, kept for later scopes")
    func cliLast() async throws {
        let refusing = try RefusingPort()
        let az = try FakeAzureCLI.answering(Self.cliAnswer)
        defer { az.remove() }
        let chain = CredentialChain(
            environment: ["PATH": az.path], instanceMetadataEndpoint: URL(string: "http://127.0.0.1:\(refusing.port)")!)
        #expect(try await chain.token(scope: Self.arm).value == "cli-token")
        #expect(chain.sourceName == "Azure CLI")
        #expect(try await chain.token(scope: Self.graph).value == "cli-token")
        #expect(az.calls.count == 2)
    }

    @Test("--auth picks exactly one source, even when an earlier one is configured")
    func authChoice() async throws {
        let fake = FakeEntraEndpoint(secret: "right")
        let az = try FakeAzureCLI.answering(Self.cliAnswer)
        defer { az.remove() }
        try await fake.withServer { (base: URL) async throws -> Void in
            let environment = ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "right", "PATH": az.path]
            let chain = CredentialChain(
                choice: .azureCLI, environment: environment, cloud: Self.cloud(base), instanceMetadataEndpoint: base)
            #expect(chain.sourceName == "Azure CLI")
            #expect(try await chain.token(scope: Self.arm).value == "cli-token")
            #expect(fake.received.withLock { $0.isEmpty })
            let only = CredentialChain(choice: .workloadIdentity, environment: environment, cloud: Self.cloud(base))
            await #expect(
                throws: CredentialError.noCredential(tried: [
                    "workload identity: the environment variable AZURE_FEDERATED_TOKEN_FILE is not set"
                ])
            ) {
                try await only.token(scope: Self.arm)
            }
        }
    }

    @Test("when every source fails, one error lists each source and why")
    func allFail() async throws {
        let refusing = try RefusingPort()
        let folder = try TemporaryFolder("bulwark-empty")
        defer { folder.remove() }
        let chain = CredentialChain(
            environment: ["PATH": folder.url.path], instanceMetadataEndpoint: URL(string: "http://127.0.0.1:\(refusing.port)")!)
        do {
            _ = try await chain.token(scope: Self.arm)
            Issue.record("a chain with no source produced a token")
        } catch {
            guard case .noCredential(let tried) = error else { throw error }
            #expect(tried.count == 4)
            #expect(tried[0] == "environment: the environment variable AZURE_TENANT_ID is not set")
            #expect(tried[1] == "workload identity: the environment variable AZURE_FEDERATED_TOKEN_FILE is not set")
            #expect(tried[2].hasPrefix("managed identity (instance metadata): "))
            #expect(tried[3].hasPrefix("Azure CLI: the Azure CLI gave no token: az was not found on PATH"))
            #expect("\(error)".contains("no credential gave a token"))
        }
        #expect(chain.sourceName == CredentialChain.chainName)
    }

    @Test("a wrong secret ends the search: the error names the source and the AADSTS code, never the secret")
    func wrongSecretStops() async throws {
        let fake = FakeEntraEndpoint(secret: "right")
        let az = try FakeAzureCLI.answering(Self.cliAnswer)
        defer { az.remove() }
        try await fake.withServer { (base: URL) async throws -> Void in
            let chain = CredentialChain(
                environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "wr0ng-s3cret", "PATH": az.path],
                cloud: Self.cloud(base), instanceMetadataEndpoint: base)
            do {
                _ = try await chain.token(scope: Self.arm)
                Issue.record("a wrong secret produced a token")
            } catch {
                let message = "\(error)"
                #expect(message.contains("environment (client secret)"))
                #expect(message.contains("AADSTS7000215"))
                #expect(!message.contains("wr0ng-s3cret"))
            }
            #expect(az.calls.isEmpty, "no fallback to another identity")
        }
    }
}
