import AccessPolicy
import GatewayConfig

/// Step 6: the upstreams that serve the deployment (404 `DeploymentNotFound` when none does), kept to those in a
/// region or geography the grant allows (403 when none is).
struct Residency: InferenceStep {
    let configuration: GatewayConfiguration

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let deployment = exchange.resolvedRoute().deployment
        let grant = exchange.authorisedGrant()
        let candidates = configuration.upstreams(serving: deployment)
        guard !candidates.isEmpty else {
            throw GatewayError(.notFound, code: .deploymentNotFound, "The API deployment for this resource does not exist.")
        }
        let allowed = candidates.filter { Geography.allows(grant.regions, region: $0.region) }
        guard !allowed.isEmpty else {
            throw GatewayError(
                .forbidden, code: .regionNotAllowed,
                "No upstream for '\(deployment)' is in a region \(grant.name) allows (\(grant.regions.joined(separator: ", "))).")
        }
        exchange.candidates = allowed
    }
}
