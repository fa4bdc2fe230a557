import APIKeys
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A list call (files, batches) answered with the caller's objects only: the list is asked of each allowed upstream
/// that holds any of them, and each page keeps only the caller's ids. Pagination (`after`, `limit`) is passed to each
/// upstream as the client sent it; `has_more` is true when any upstream has more. A caller with no objects gets an
/// empty list without the upstream being asked.
struct ObjectListing: Sendable {
    /// The most of one upstream's page that is read.
    static let limit = 16 << 20

    let store: (any ObjectOwnershipStore)?
    let routing: UpstreamRouting

    func answer(_ exchange: inout InferenceExchange, kind: OwnedObject.Kind) async throws(GatewayError) -> Response {
        guard let store else {
            throw GatewayError(
                .serviceUnavailable, code: .ownershipUnavailable, "This gateway's key store does not record who owns stored objects.")
        }
        let owned: [OwnedObject]
        do { owned = try await store.objects(kind, ownedBy: exchange.authenticated().owner) } catch {
            throw GatewayError(
                .serviceUnavailable, code: .ownershipUnavailable, "Who owns what cannot be read right now; try again shortly.")
        }
        let ids = Set(owned.map(\.id))
        var upstreams: [String] = []
        for object in owned where !upstreams.contains(object.upstream) { upstreams.append(object.upstream) }
        let route = exchange.resolvedRoute()
        var data: [Any] = []
        var hasMore = false
        var asked: [String] = []
        for upstream in exchange.candidates where upstreams.contains(upstream.name) {
            let request = UpstreamRequest(method: .get, path: route.upstreamPath, headers: exchange.request.headers, body: .none)
            let attempt = try await routing.forward(request, candidates: [upstream])
            asked.append(upstream.name)
            let body: ByteBuffer
            do { body = try await attempt.response.body.collect(upTo: Self.limit) } catch {
                throw GatewayError(.badGateway, code: .upstreamAnswerTooLarge, "Upstream \(upstream.name)'s list is too large to filter.")
            }
            guard attempt.response.status.code == 200 else {
                exchange.record.upstream = upstream.name
                var headers = HTTPFields()
                headers[.contentType] = attempt.response.headers.first(name: "content-type") ?? "application/json"
                return Response(status: .init(code: Int(attempt.response.status.code)), headers: headers, body: .init(byteBuffer: body))
            }
            let page = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
            for item in page?["data"] as? [[String: Any]] ?? [] where (item["id"] as? String).map(ids.contains) == true {
                data.append(item)
            }
            if page?["has_more"] as? Bool == true { hasMore = true }
        }
        if !asked.isEmpty { exchange.record.upstream = asked.joined(separator: ",") }
        var list: [String: Any] = ["object": "list", "data": data, "has_more": hasMore]
        if let first = (data.first as? [String: Any])?["id"] { list["first_id"] = first }
        if let last = (data.last as? [String: Any])?["id"] { list["last_id"] = last }
        let bytes = (try? JSONSerialization.data(withJSONObject: list, options: [.withoutEscapingSlashes])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
