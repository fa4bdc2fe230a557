import AccessPolicy
import APIKeys
import Foundation
import HTTPTypes

/// Step 4 for object routes (in place of `RouteResolution`): the caller's own object named by the path, with the
/// upstream that holds it and the deployment it was made with; a 404 when it is another identity's or does not
/// exist (one answer, before anything reaches the upstream). A create or a list names no object: it is authorised
/// by operation, and its answer is recorded or filtered (`OwnershipEffect`).
struct ObjectResolution: InferenceStep {
    let store: (any ObjectOwnershipStore)?

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard let object = exchange.object, case .object(let id) = exchange.routeKind else { return }
        let query = exchange.request.uri.query ?? ""
        if object.isVersioned, !query.contains("api-version=") {
            throw GatewayError(.badRequest, code: .missingAPIVersion, "Missing required query parameter: api-version.")
        }
        // Every segment is sent upstream as the client wrote it: an encoded '/' or a '..' in an item id could steer the
        // call to another object after ownership was checked, so only plain segments pass.
        let segments = exchange.request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.allSatisfy({ Self.validID(String($0)) && $0 != "." && $0 != ".." }) else {
            throw GatewayError.objectNotFound(ObjectEndpoint.noun(object.kind), id: String((id ?? "").prefix(64)))
        }
        let path = exchange.request.uri.path + (query.isEmpty ? "" : "?\(query)")
        var route = InferenceRoute(deployment: "", operation: object.operation, upstreamPath: path, method: object.method)
        switch object.action {
        case .create:
            exchange.ownership = .create(object.kind)
            if object.kind == .file { _ = try exchange.form() }
        case .list: exchange.ownership = .list(object.kind)
        case .use, .delete:
            let id = id ?? ""
            let owned = try await Self.owned(object.kind, id: id, by: exchange.authenticated().owner, store: store)
            route.deployment = owned.deployment
            exchange.pinnedUpstream = owned.upstream
            if object.action == .delete { exchange.ownership = .forget(object.kind, id: id) }
        }
        exchange.route = route
        exchange.record.route = route
    }

    /// The caller's object, or the 404 that says nothing of anyone else's.
    static func owned(_ kind: OwnedObject.Kind, id: String, by owner: String, store: (any ObjectOwnershipStore)?) async throws(GatewayError)
        -> OwnedObject
    {
        guard let store else {
            throw GatewayError(
                .serviceUnavailable, code: .ownershipUnavailable, "This gateway's key store does not record who owns stored objects.")
        }
        // Ids are the upstream's: letters, digits, '-', '_' and '.'; anything else is no object of anyone's.
        guard Self.validID(id) else { throw GatewayError.objectNotFound(ObjectEndpoint.noun(kind), id: String(id.prefix(64))) }
        let found: OwnedObject?
        do { found = try await store.object(kind, id: id, ownedBy: owner) } catch {
            throw GatewayError(
                .serviceUnavailable, code: .ownershipUnavailable, "Who owns \(id) cannot be read right now; try again shortly.")
        }
        guard let found else { throw GatewayError.objectNotFound(ObjectEndpoint.noun(kind), id: id) }
        return found
    }

    static func validID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 256
            && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
