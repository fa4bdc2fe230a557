import Foundation
import LocatedJSON
import PostureModel

/// One Resource Graph query over a set of subscriptions (or management groups, or the whole tenant), read to its
/// last page: `$skipToken` is followed; a skip token the service refuses (expired) resumes the same query after the
/// last id read (rows are sorted by id), so nothing is read twice or lost; a page that is not JSON, has no `data`
/// array, or says `resultTruncated` without a skip token is asked for once more before the query stops with the
/// reason.
struct ResourceGraphQuery {
    var rest: AzureRESTClient
    var endpoint: String
    /// The token scope for Azure Resource Manager.
    var scope: String
    var pacer: ResourceGraphPacer
    var rowsPerPage: Int
    /// `resources` or `resourcecontainers`, with any filter: `resources | where ...`.
    var source: String
    var projection: String
    var subscriptions: [String] = []
    var managementGroups: [String] = []

    /// What a query read, and why it stopped early if it did.
    struct Outcome {
        var records: [Value] = []
        var problem: Problem?
    }

    enum Problem: Error {
        /// 403: the identity may not read this scope.
        case denied(String)
        /// No token could be had (or renewed).
        case credential(String)
        case failed(String)
    }

    static let apiVersion = "2024-04-01"

    func run(_ transform: (JSONValue) -> Value?) async -> Outcome {
        var outcome = Outcome()
        var skipToken: String?
        var resumeAfter: String?
        var retriedPage = false
        var resumes = 0
        var lastID: String?
        while true {
            let request = RESTRequest(
                method: "POST", url: endpoint + "/providers/Microsoft.ResourceGraph/resources?api-version=\(Self.apiVersion)",
                scope: scope, body: Array(body(skipToken: skipToken, resumeAfter: resumeAfter).utf8))
            let page: (status: Int, body: JSONValue?, error: String?)
            do {
                page = try await send(request)
            } catch {
                outcome.problem = error
                return outcome
            }
            if page.status == 400, skipToken != nil, resumes < 20 {
                // The skip token expired: read on from the last row, never from the start.
                resumes += 1
                skipToken = nil
                if let lastID { resumeAfter = lastID }
                continue
            }
            guard page.status == 200 else {
                let reason = "Resource Graph answered \(page.status)" + (page.error.map { ": \($0)" } ?? "")
                outcome.problem = page.status == 403 ? .denied(reason) : .failed(reason)
                return outcome
            }
            let nextToken = page.body?[member: "$skipToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let truncated = page.body?[member: "resultTruncated"]?.stringValue?.lowercased() == "true" && nextToken == nil
            guard let rows = page.body?[member: "data"]?.elements, !truncated else {
                let reason = truncated ? "a page was truncated without a skip token" : "a page had no data array"
                if !retriedPage {
                    retriedPage = true
                    continue
                }
                outcome.problem = .failed(reason + " (asked twice)")
                return outcome
            }
            retriedPage = false
            for row in rows {
                if let id = row[member: "id"]?.stringValue { lastID = id }
                if let record = transform(row) { outcome.records.append(record) }
            }
            guard let nextToken else { return outcome }
            skipToken = nextToken
        }
    }

    /// Sends one page request, paced; a body that is not JSON comes back as nil (the caller retries it once).
    private func send(_ request: RESTRequest) async throws(Problem) -> (status: Int, body: JSONValue?, error: String?) {
        do {
            try await pacer.beforeQuery(rest)
        } catch {
            throw .failed(error.description)
        }
        let response: RESTResponse
        do {
            response = try await rest.send(request)
        } catch {
            pacer.afterQuery(headers: nil)
            if case .credential(let credential) = error { throw .credential(credential.description) }
            throw .failed(error.description)
        }
        pacer.afterQuery(headers: response.headers)
        guard response.status == 200 else {
            let error = response.azureError
            return (response.status, nil, [error.code, error.message].compactMap { $0 }.joined(separator: ": "))
        }
        return (200, try? JSONReader().read(response.body), nil)
    }

    func body(skipToken: String?, resumeAfter: String?) -> String {
        var query = source + " | project " + projection
        if let resumeAfter { query += " | where id > " + Self.kqlString(resumeAfter) }
        query += " | order by id asc"
        var fields: [String] = []
        if !subscriptions.isEmpty { fields.append("\"subscriptions\":" + JSONText.array(subscriptions)) }
        if !managementGroups.isEmpty { fields.append("\"managementGroups\":" + JSONText.array(managementGroups)) }
        fields.append("\"query\":" + JSONText.quoted(query))
        var options = ["\"$top\":\(rowsPerPage)", "\"resultFormat\":\"objectArray\""]
        if let skipToken { options.append("\"$skipToken\":" + JSONText.quoted(skipToken)) }
        fields.append("\"options\":{" + options.joined(separator: ",") + "}")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A KQL string literal.
    static func kqlString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
