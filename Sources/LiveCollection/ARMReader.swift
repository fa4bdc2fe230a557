import LocatedJSON
import PostureModel

/// GETs of ARM lists for the ARM collectors: `nextLink` followed, and the answer sorted into what the collector
/// reports (403 denied, 404 none, others failed).
struct ARMReader {
    var context: CollectionContext
    var rest: AzureRESTClient

    enum Outcome {
        case items([JSONValue])
        /// 403: the identity may not read it; the message names the service's code.
        case denied(String)
        /// 401 after renewal, or no token at all.
        case unauthorized(String)
        case failed(String)
    }

    /// At most this many pages of one list: a service that keeps answering `nextLink` is cut off.
    static let maximumPages = 1000

    /// The items of the list at `path` (after the ARM endpoint, query included), every page.
    func list(_ path: String) async -> Outcome {
        var url = context.cloud.resourceManagerBase + path
        var items: [JSONValue] = []
        for _ in 0..<Self.maximumPages {
            let page: (response: RESTResponse, body: JSONValue)
            do {
                page = try await rest.json(RESTRequest(url: url, scope: context.cloud.resourceManagerScope))
            } catch {
                if case .credential = error { return .unauthorized(error.description) }
                if case .malformed(_, let status, _) = error, status != 200 { return Self.refusal(status, nil, url: url) }
                return .failed(error.description)
            }
            guard page.response.status == 200 else { return Self.refusal(page.response.status, page.response.azureError, url: url) }
            items += page.body[member: "value"]?.elements ?? []
            guard let next = page.body[member: "nextLink"]?.stringValue, !next.isEmpty else { return .items(items) }
            url = next
        }
        return .failed("\(RESTRequest.withoutQuery(url)) kept answering nextLink after \(Self.maximumPages) pages")
    }

    static func refusal(_ status: Int, _ error: (code: String?, message: String?)?, url: String) -> Outcome {
        let code = error?.code.map { " (\($0))" } ?? ""
        let place = RESTRequest.withoutQuery(url)
        switch status {
        case 404: return .items([])
        case 403: return .denied("\(place) answered 403\(code)")
        case 401: return .unauthorized("\(place) refused the token (401\(code)) after it was renewed")
        default: return .failed("\(place) answered \(status)\(code)")
        }
    }

    /// An ARM record for an item ARM returned: name with parents, type in ARM casing, and `scope` for extension
    /// resources.
    static func record(_ item: JSONValue, scope: String? = nil) -> Value? {
        guard let id = item[member: "id"]?.stringValue, !id.isEmpty, let rawType = item[member: "type"]?.stringValue else { return nil }
        var members: [Value.Member] = [
            .init(key: "id", value: .string(id)),
            .init(key: "name", value: .string(ResourceRecord.fullName(id: id, fallback: item[member: "name"]?.stringValue ?? ""))),
            .init(key: "type", value: .string(ResourceRecord.armType(rawType, id: id))),
        ]
        if let scope { members.append(.init(key: "scope", value: .string(scope))) }
        for member in item.members ?? [] {
            let key = member.key.lowercased()
            guard key != "id", key != "name", key != "type", key != "scope" else { continue }
            members.append(.init(key: member.key, value: Value(json: member.value)))
        }
        return Value(.object(members))
    }

    /// The subscription id in a resource id (`/subscriptions/{id}/...`), lower-cased.
    static func subscription(of id: String) -> String? {
        let parts = id.split(separator: "/")
        guard parts.count >= 2, parts[0].lowercased() == "subscriptions" else { return nil }
        return parts[1].lowercased()
    }
}
