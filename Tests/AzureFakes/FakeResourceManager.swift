import Foundation
import LocatedJSON

extension FakeAzure {
    /// An ARM GET: `/subscriptions/{id}` itself, or a list from the estate by its collection path (paged with
    /// `nextLink` every `armPageSize` items; a list the estate does not hold is empty). A subscription that does not
    /// exist answers 404 `SubscriptionNotFound`; one the identity cannot read, 403 `AuthorizationFailed`.
    func armAnswer(path: String, query: String, base: String) -> Answer {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0].lowercased() == "subscriptions" else {
            return Self.error(404, "NotFound", "No such resource.")
        }
        let subscription = parts[1].lowercased()
        guard let displayName = estate.subscriptions[subscription] else {
            return Self.error(404, "SubscriptionNotFound", "The subscription '\(parts[1])' could not be found.")
        }
        if hiddenSubscriptions.contains(subscription) || deniedSubscriptions.contains(subscription) {
            return Self.error(
                403, "AuthorizationFailed",
                "The client '\(clientID)' does not have authorization to perform action over scope '/subscriptions/\(subscription)'.")
        }
        if parts.count == 2 {
            return Answer(
                status: 200,
                body:
                    #"{"id":"/subscriptions/\#(subscription)","subscriptionId":"\#(subscription)","displayName":\#(FakeEstate.quoted(displayName)),"state":"Enabled","tenantId":"\#(tenantID)"}"#
            )
        }
        let items = estate.lists[path.lowercased()] ?? []
        var start = 0
        for pair in query.split(separator: "&") where pair.lowercased().hasPrefix("$skiptoken=") {
            start = Int(pair.dropFirst("$skiptoken=".count)) ?? 0
        }
        let end = min(items.count, start + armPageSize)
        var text = #"{"value":["# + (start < end ? items[start..<end].joined(separator: ",") : "") + "]"
        if end < items.count {
            let kept = query.split(separator: "&").filter { !$0.lowercased().hasPrefix("$skiptoken=") }.joined(separator: "&")
            text += #","nextLink":\#(FakeEstate.quoted(base + path + "?" + kept + (kept.isEmpty ? "" : "&") + "$skiptoken=\(end)"))"#
        }
        return Answer(status: 200, body: text + "}")
    }

    /// `POST /batch`: each inner GET answered as ``armAnswer(path:query:base:)`` would (or 429 while the script says so).
    func batchAnswer(_ bytes: [UInt8]) -> Answer {
        bump(.armBatch)
        guard let body = try? JSONReader().read(bytes), let requests = body[member: "requests"]?.elements, requests.count <= 20 else {
            return Self.error(400, "InvalidBatchRequest", "A batch holds 1 to 20 requests.")
        }
        var responses: [String] = []
        for (index, inner) in requests.enumerated() {
            bump(.armBatchInner)
            let name = inner[member: "name"]?.stringValue ?? "\(index)"
            let throttled = script.withLock { script in
                guard script.batchInnerThrottles > 0 else { return false }
                script.batchInnerThrottles -= 1
                return true
            }
            if throttled {
                responses.append(
                    #"{"name":\#(FakeEstate.quoted(name)),"httpStatusCode":429,"headers":{"Retry-After":"1"},"content":{"error":{"code":"TooManyRequests","message":"Too many requests."}}}"#
                )
                continue
            }
            let url = inner[member: "relativeUrl"]?.stringValue ?? inner[member: "url"]?.stringValue ?? ""
            let (path, query) = url.firstIndex(of: "?").map { (String(url[..<$0]), String(url[url.index(after: $0)...])) } ?? (url, "")
            let answer = armAnswer(path: path, query: query, base: "")
            responses.append(
                #"{"name":\#(FakeEstate.quoted(name)),"httpStatusCode":\#(answer.status),"headers":{},"content":\#(answer.body)}"#)
        }
        return Answer(status: 200, body: #"{"responses":["# + responses.joined(separator: ",") + "]}")
    }
}
