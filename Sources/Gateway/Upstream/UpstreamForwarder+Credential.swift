import AzureCredentials
import GatewayConfig
import HTTPTypes

extension UpstreamForwarder {
    /// The gateway's own credential for `upstream` as one header (`api-key`, or `Authorization: Bearer` with an
    /// Entra token): what every upstream leg sends, HTTP requests and the realtime WebSocket alike.
    func credentialHeader(for upstream: GatewayConfiguration.Upstream) async throws(GatewayError) -> HTTPField {
        let missing = GatewayError(
            .internalServerError, code: .upstreamCredentialsMissing, "The gateway has no credentials for upstream \(upstream.name).")
        switch upstream.authentication {
        case .apiKey(let variable):
            guard let key = environment[variable], !key.isEmpty else { throw missing }
            return HTTPField(name: RealtimeHeaders.apiKey, value: key)
        case .entraToken:
            guard let credential = credentials[upstream.name] else { throw missing }
            do { return HTTPField(name: .authorization, value: "Bearer \(try await credential.token().value)") } catch {
                // The error names the endpoint or variable, never a secret; the client learns only that it failed.
                logger.error("upstream token unavailable", metadata: ["upstream": "\(upstream.name)", "error": "\(error)"])
                throw GatewayError(
                    .badGateway, code: .upstreamCredentialsUnavailable, "The gateway could not get a token for upstream \(upstream.name).")
            }
        }
    }
}
