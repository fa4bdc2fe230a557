import AccessPolicy
import GatewayConfig

/// Step 6: the upstreams that serve the deployment (404 `DeploymentNotFound` when none does), kept to those in a
/// region or geography the grant allows (403 when none is).
struct Residency: InferenceStep {
    let configuration: GatewayConfiguration

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let deployment = exchange.resolvedRoute().deployment
        let grant = exchange.authorisedGrant()
        var candidates = deployment.isEmpty ? configuration.upstreams : configuration.upstreams(serving: deployment)
        if let pinned = exchange.pinnedUpstream {
            // A stored object lives on one upstream: its calls go there, or nowhere.
            candidates = candidates.filter { $0.name == pinned }
            guard !candidates.isEmpty else {
                throw GatewayError(
                    .notFound, code: .deploymentNotFound,
                    "The upstream that holds the objects this request names does not serve '\(deployment)', or is no longer configured.")
            }
        }
        guard !candidates.isEmpty else {
            throw GatewayError(.notFound, code: .deploymentNotFound, "The API deployment for this resource does not exist.")
        }
        let allowed = candidates.filter { Geography.allows(grant.regions, region: $0.region) }
        if deployment.isEmpty, allowed.isEmpty {
            throw GatewayError(
                .forbidden, code: .regionNotAllowed,
                "No upstream is in a region \(grant.name) allows (\(grant.regions.joined(separator: ", "))).")
        }
        guard !allowed.isEmpty else {
            throw GatewayError(
                .forbidden, code: .regionNotAllowed,
                "No upstream for '\(deployment)' is in a region \(grant.name) allows (\(grant.regions.joined(separator: ", "))).")
        }
        exchange.candidates = allowed
    }
}
