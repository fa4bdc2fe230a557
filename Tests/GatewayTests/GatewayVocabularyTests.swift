import AccessPolicy
import APIKeys
import EntraID
@testable import Gateway
import Testing

@Suite("Gateway error codes and the operation table")
struct GatewayVocabularyTests {
    @Test("every operation but files, batches and realtime has a deployment-bound row, with the paths the routes served before")
    func operationTable() {
        let served = Set(OperationEndpoint.all.map(\.operation))
        #expect(served == Set(GatewayOperation.allCases).subtracting([.files, .batches, .realtime]))
        #expect(Set(ObjectEndpoint.all.map(\.operation)) == [.responses, .files, .batches])
        #expect(OperationEndpoint.of(.chat)?.deploymentPath("gpt-4o") == "/openai/deployments/gpt-4o/chat/completions")
        #expect(OperationEndpoint.of(.embeddings)?.v1Path == "/openai/v1/embeddings")
        #expect(OperationEndpoint.of(.responses)?.deploymentPattern == nil, "Azure serves the Responses API on v1 only")
        #expect(OperationEndpoint.of(.realtime) == nil)
        #expect(OperationEndpoint.all.allSatisfy { $0.method == .post })
        let routes = OperationEndpoint.all.flatMap { [$0.deploymentPattern, $0.v1Path].compactMap { $0 } }
        #expect(Set(routes).count == routes.count, "no path is served twice")
    }

    @Test("key and token refusals count as authentication failures; authorisation and upstream codes do not")
    func authenticationFailures() {
        #expect(GatewayError.Code.keyMissing.isAuthenticationFailure)
        #expect(GatewayError.Code.keyStoreUnavailable.isAuthenticationFailure)
        #expect(GatewayError.Code(APIKeyRejection.Code.retired).isAuthenticationFailure)
        #expect(TokenRejection.Code.allCases.allSatisfy { GatewayError.Code($0).isAuthenticationFailure })
        #expect(!GatewayError.Code.deploymentNotAllowed.isAuthenticationFailure)
        #expect(!GatewayError.Code.upstreamTimeout.isAuthenticationFailure)
        #expect(!ExchangeOutcome.allowed.isAuthenticationFailure)
    }

    @Test("codes print as the strings clients and dashboards already know")
    func strings() {
        #expect(GatewayError.Code.deploymentNotFound.rawValue == "DeploymentNotFound")
        #expect(GatewayError.Code(APIKeyRejection.Code.retired).rawValue == "key_rotated")
        #expect(ExchangeOutcome.refused(.contentFilter).label == "content_filter")
        #expect(ExchangeOutcome.clientDisconnected.label == "client_disconnected")
    }
}

@Suite("Upstream HTTP client")
struct UpstreamClientTests {
    @Test("as many connections to one upstream as requests in flight: streams are not queued behind eight")
    func connectionsPerUpstream() {
        let configuration = GatewayApplication.httpClientConfiguration()
        #expect(configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit >= 1_000)
        #expect(configuration.connectionPool.retryConnectionEstablishment == false)
    }
}
