import Foundation
import HTTPTypes

/// Step 4: the deployment and the upstream path, from the URL (deployment routes) or the body's `model` (v1).
struct RouteResolution: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let query = exchange.request.uri.query ?? ""
        // Object routes are resolved by `ObjectResolution`, from the ownership store.
        guard let endpoint = exchange.endpoint else { return }
        let route: InferenceRoute
        switch exchange.routeKind {
        case .deployment(let deployment):
            route = try InferenceRoute.deploymentRoute(deployment: deployment, endpoint: endpoint, query: query)
            // An upload that cannot be read as a form is refused here, guards or not, rather than passed on unread.
            if endpoint.body == .multipart { _ = try exchange.form() }
        case .v1:
            route = try InferenceRoute.v1Route(
                endpoint: endpoint, body: Data(buffer: exchange.body), contentType: exchange.request.headers[.contentType], query: query,
                form: endpoint.body == .multipart ? exchange.form() : nil)
        case .object: return
        }
        exchange.route = route
        exchange.record.route = route
    }
}
