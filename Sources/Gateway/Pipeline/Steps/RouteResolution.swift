import Foundation

/// Step 4: the deployment and the upstream path, from the URL (deployment routes) or the body's `model` (v1).
struct RouteResolution: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let query = exchange.request.uri.query ?? ""
        let route: InferenceRoute =
            switch exchange.routeKind {
            case .deployment(let deployment):
                try InferenceRoute.deploymentRoute(deployment: deployment, operation: exchange.operation, query: query)
            case .v1: try InferenceRoute.v1Route(operation: exchange.operation, body: Data(buffer: exchange.body), query: query)
            }
        exchange.route = route
        exchange.record.route = route
    }
}
