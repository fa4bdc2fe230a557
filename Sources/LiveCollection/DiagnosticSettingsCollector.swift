import Foundation
import LiveSnapshot
import LocatedJSON
import PostureModel

/// Diagnostic settings (not in Resource Graph) of the security-relevant resources, read through ARM `/batch`:
/// 20 GETs per call, grouped by subscription, an inner 429 retried after its `Retry-After`. Each setting is a
/// `Microsoft.Insights/diagnosticSettings` record whose `scope` is the resource it applies to.
public struct DiagnosticSettingsCollector: EstateCollector {
    public static let name = "diagnostic-settings"
    public static let types = ["Microsoft.Insights/diagnosticSettings"]
    static let apiVersion = "2021-05-01-preview"

    /// The resource types whose diagnostic settings rules judge (lower-cased).
    public static let targetTypes: Set<String> = [
        "microsoft.cognitiveservices/accounts", "microsoft.machinelearningservices/workspaces", "microsoft.search/searchservices",
        "microsoft.botservice/botservices", "microsoft.keyvault/vaults", "microsoft.storage/storageaccounts",
        "microsoft.containerregistry/registries", "microsoft.apimanagement/service", "microsoft.insights/components",
        "microsoft.operationalinsights/workspaces",
    ]

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        let statistics = RequestStatistics(parent: context.rest.statistics)
        let batch = ARMBatch(context: context, rest: context.rest.counting(into: statistics))
        var targets: [String: [String]] = [:]
        for resource in inventory.resources {
            guard let type = resource[member: "type"]?.stringValue?.lowercased(), Self.targetTypes.contains(type),
                let id = resource[member: "id"]?.stringValue, let subscription = ARMReader.subscription(of: id)
            else { continue }
            targets[subscription, default: []].append(id)
        }
        let size = max(1, min(20, context.options.requestsPerBatch))
        let work = targets.keys.sorted().flatMap { subscription in
            ResourceGraphInventory.chunks(targets[subscription] ?? [], of: size).map {
                (subscription: subscription, item: (subscription, $0))
            }
        }
        let outcomes = await BoundedWork.run(work, perSubscription: context.options.perSubscription) { item in
            (item.0, await batch.get(item.1.map { "\($0)/providers/Microsoft.Insights/diagnosticSettings?api-version=\(Self.apiVersion)" }))
        }
        var tally = ARMCollectorTally(
            name: Self.name, types: Self.types, role: "Reader (Microsoft.Insights/diagnosticSettings/read)",
            subscriptions: targets.keys.sorted())
        for (index, (subscription, results)) in outcomes.enumerated() {
            for (target, outcome) in zip(work[index].item.1, results) {
                tally.add(outcome, subscription: subscription) { ARMReader.record($0, scope: target) }
            }
        }
        context.progress(CollectionProgress(stage: Self.name, subscriptions: inventory.subscriptions.count, resources: tally.records.count))
        return CollectedPart(armResources: tally.records, reports: [tally.report(statistics: statistics)])
    }
}

/// ARM's `/batch`: up to 20 GETs in one POST. Inner answers that are 429 (or 503) are sent again, in a smaller
/// batch, after the longest `Retry-After` among them.
struct ARMBatch {
    var context: CollectionContext
    var rest: AzureRESTClient

    /// The outcome of each GET in `paths` (relative to the ARM endpoint), in order.
    func get(_ paths: [String]) async -> [ARMReader.Outcome] {
        var outcomes = [ARMReader.Outcome?](repeating: nil, count: paths.count)
        var pending = Array(paths.indices)
        var attempt = 0
        while !pending.isEmpty {
            let body =
                "{\"requests\":["
                + pending.enumerated().map {
                    "{\"httpMethod\":\"GET\",\"name\":\"\($0.offset)\",\"relativeUrl\":\(JSONText.quoted(paths[$0.element]))}"
                }
                .joined(separator: ",") + "]}"
            let request = RESTRequest(
                method: "POST", url: context.cloud.resourceManagerBase + "/batch?api-version=2020-06-01",
                scope: context.cloud.resourceManagerScope, body: Array(body.utf8))
            let answer: (response: RESTResponse, body: JSONValue)
            do {
                answer = try await rest.json(request)
            } catch {
                var outcome = ARMReader.Outcome.failed(error.description)
                if case .credential = error { outcome = .unauthorized(error.description) }
                for index in pending { outcomes[index] = outcome }
                break
            }
            guard answer.response.status == 200, let responses = answer.body[member: "responses"]?.elements else {
                let outcome = ARMReader.refusal(
                    answer.response.status == 200 ? 502 : answer.response.status, answer.response.azureError, url: request.url)
                for index in pending { outcomes[index] = outcome }
                break
            }
            var again: [Int] = []
            var wait: Duration = .zero
            for (position, index) in pending.enumerated() {
                let inner =
                    responses.first { $0[member: "name"]?.stringValue == "\(position)" }
                    ?? (position < responses.count ? responses[position] : nil)
                guard let inner, let status = inner[member: "httpStatusCode"].flatMap(Self.integer) else {
                    outcomes[index] = .failed("the batch answer had no response for \(RESTRequest.withoutQuery(paths[index]))")
                    continue
                }
                if AzureRESTClient.retried.contains(status), attempt < rest.maximumRetries {
                    again.append(index)
                    let headers = Dictionary(
                        (inner[member: "headers"]?.members ?? []).compactMap { member in
                            member.value.stringValue.map { (member.key.lowercased(), $0) }
                        },
                        uniquingKeysWith: { first, _ in first })
                    let retryAfter =
                        RESTResponse(status: status, headers: headers, body: []).retryAfter ?? AzureRESTClient.backoff(attempt + 1)
                    wait = max(wait, min(retryAfter, rest.maximumWait))
                    continue
                }
                let content = inner[member: "content"]
                if status == 200 {
                    outcomes[index] = .items(content?[member: "value"]?.elements ?? [])
                } else {
                    let code = content?[member: "error"]?[member: "code"]?.stringValue
                    outcomes[index] = ARMReader.refusal(status, (code, nil), url: paths[index])
                }
            }
            pending = again
            if !pending.isEmpty {
                attempt += 1
                rest.statistics.countWait(wait)
                do { try await rest.sleep(wait) } catch {
                    for index in pending { outcomes[index] = .failed("cancelled") }
                    break
                }
            }
        }
        return outcomes.map { $0 ?? .failed("not read") }
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
