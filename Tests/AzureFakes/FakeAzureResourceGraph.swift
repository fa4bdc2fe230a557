import Foundation
import LocatedJSON

extension FakeAzure {
    /// `POST /providers/Microsoft.ResourceGraph/resources`: the quota first (15 per 5 s, headers on every answer,
    /// 429 past it), then the scripted faults, then a page of the query's rows (sorted by lower-cased id) with a
    /// `$skipToken` when more follow. Understands the queries collection sends: `resources` or `resourcecontainers`,
    /// `where type in~ (...)`, `where id > '...'`; the scope is the request's subscriptions (those readable), or every
    /// readable subscription.
    func resourceGraphAnswer(_ bytes: [UInt8]) -> Answer {
        bump(.resourceGraph)
        let now = self.now
        let (remaining, resetsAfter) = quota.withLock { state -> (Int, Duration) in
            if now >= state.windowStart + quotaWindow || now < state.windowStart {
                state.windowStart = now
                state.used = 0
            }
            let resets = state.windowStart + quotaWindow - now
            guard state.used < quotaPerWindow else { return (-1, resets) }
            state.used += 1
            return (quotaPerWindow - state.used, resets)
        }
        let resets = Self.timeSpan(resetsAfter)
        guard remaining >= 0 else {
            bump(.resourceGraphThrottled)
            return Self.error(
                429, "RateLimiting", "Client application has been throttled.",
                headers: [("x-ms-user-quota-remaining", "0"), ("x-ms-user-quota-resets-after", resets)])
        }
        let headers = [("x-ms-user-quota-remaining", "\(remaining)"), ("x-ms-user-quota-resets-after", resets)]
        guard let body = try? JSONReader().read(bytes), let query = body[member: "query"]?.stringValue else {
            return Self.error(400, "BadRequest", "The request body has no query.", headers: headers)
        }
        let options = body[member: "options"]
        let skipToken = options?[member: "$skipToken"]?.stringValue
        let served = pagesServed.withLock { $0 }
        enum Fault { case storm(Int), expired, malformed, truncated }
        let fault = script.withLock { script -> Fault? in
            guard served >= script.faultsAfterPages else { return nil }
            if script.throttleStorm > 0 {
                script.throttleStorm -= 1
                return .storm(script.stormRetryAfterSeconds)
            }
            if skipToken != nil, script.expiringSkipTokens > 0 {
                script.expiringSkipTokens -= 1
                return .expired
            }
            if script.malformedPages > 0 {
                script.malformedPages -= 1
                return .malformed
            }
            if script.truncatedPages > 0 {
                script.truncatedPages -= 1
                return .truncated
            }
            return nil
        }
        switch fault {
        case .storm(let seconds):
            bump(.resourceGraphThrottled)
            return Self.error(
                429, "RateLimiting", "Client application has been throttled.", headers: headers + [("Retry-After", "\(seconds)")])
        case .expired:
            return Self.error(400, "InvalidSkipToken", "The skip token is invalid or has expired; run the query again.", headers: headers)
        case .malformed:
            return Answer(status: 200, headers: headers, body: "<html><body>upstream gateway error</body>")
        case .truncated:
            return Answer(status: 200, headers: headers, body: #"{"totalRecords":5,"count":1,"resultTruncated":"true","data":[]}"#)
        case nil: break
        }
        guard options?[member: "resultFormat"]?.stringValue ?? "objectArray" == "objectArray" else {
            return Self.error(400, "BadRequest", "This fake serves resultFormat objectArray only.", headers: headers)
        }
        let top = min(1000, max(1, Int(options?[member: "$top"].flatMap(Self.integer) ?? 100)))
        let subscriptions = (body[member: "subscriptions"]?.elements ?? []).compactMap { $0.stringValue?.lowercased() }
        let rows = matching(query: query, subscriptions: subscriptions)
        var start = 0
        if let skipToken {
            guard skipToken.hasPrefix("st."), let offset = Int(skipToken.dropFirst(3)) else {
                return Self.error(400, "InvalidSkipToken", "The skip token is not valid.", headers: headers)
            }
            start = offset
        }
        let end = min(rows.count, start + top)
        let table = query.lowercased().hasPrefix("resourcecontainers") ? estate.containers : estate.resources
        let page = start < end ? rows[start..<end].map { table[$0].json } : []
        pagesServed.withLock { $0 += 1 }
        var text = #"{"totalRecords":\#(rows.count),"count":\#(page.count),"resultTruncated":"false","#
        if end < rows.count { text += #""$skipToken":"st.\#(end)","# }
        text += #""facets":[],"data":["# + page.joined(separator: ",") + "]}"
        return Answer(status: 200, headers: headers, body: text)
    }

    /// The rows (indices into their table, in id order) a query selects.
    func matching(query: String, subscriptions: [String]) -> [Int] {
        let lower = query.lowercased()
        let containers = lower.hasPrefix("resourcecontainers")
        var types: Set<String>?
        if let range = lower.range(of: "type in~ (") ?? lower.range(of: "type in~("),
            let close = lower[range.upperBound...].firstIndex(of: ")")
        {
            types = Set(
                lower[range.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) })
        }
        var after: String?
        if let range = query.range(of: "where id > '") {
            var value = ""
            var index = range.upperBound
            while index < query.endIndex, query[index] != "'" {
                if query[index] == "\\", query.index(after: index) < query.endIndex { index = query.index(after: index) }
                value.append(query[index])
                index = query.index(after: index)
            }
            after = value.lowercased()
        }
        let readable = Set(estate.subscriptions.keys).subtracting(hiddenSubscriptions)
        let scope = subscriptions.isEmpty ? readable : readable.intersection(subscriptions)
        let key = "\(containers)|\(types.map { $0.sorted().joined(separator: ",") } ?? "*")|\(scope.sorted().joined(separator: ","))"
        let all =
            queryCache.withLock { $0[key] }
            ?? {
                let table = containers ? estate.containers : estate.resources
                let indices = table.indices.filter { index in
                    scope.contains(table[index].subscription) && (types?.contains(table[index].lowerType) ?? true)
                }
                queryCache.withLock { $0[key] = indices }
                return indices
            }()
        guard let after else { return all }
        let table = containers ? estate.containers : estate.resources
        return all.filter { table[$0].lowerID > after }
    }

    static func timeSpan(_ duration: Duration) -> String {
        let milliseconds = max(0, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        let seconds = Int((milliseconds + 999) / 1000)
        return String(format: "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
    }

    static func integer(_ value: JSONValue) -> Int? {
        switch value.kind {
        case .integer(let number): Int(number)
        case .double(let number): Int(number)
        case .string(let text): Int(text)
        default: nil
        }
    }
}
