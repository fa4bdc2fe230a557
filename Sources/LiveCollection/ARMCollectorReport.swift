import LiveSnapshot
import LocatedJSON
import PostureModel

/// What an ARM collector read per subscription, turned into its report: `complete` when every subscription was
/// read, `denied` when every one refused (naming the role), `failed` when none could be read for another reason
/// (a token that could not be renewed), `partial` otherwise ("2 of 3 subscriptions read").
struct ARMCollectorTally {
    var name: String
    var types: [String]
    /// The role that grants what this collector reads, for `denied`.
    var role: String
    var records: [Value] = []
    /// Subscriptions (lower-cased) with something refused or failed, and why.
    var refused: [String: String] = [:]
    var failedSubscriptions: [String: String] = [:]
    var subscriptions: Set<String> = []

    init(name: String, types: [String], role: String, subscriptions: [String]) {
        self.name = name
        self.types = types
        self.role = role
        self.subscriptions = Set(subscriptions.map { $0.lowercased() })
    }

    /// Adds one list's outcome for `subscription`; `makeRecord` turns each item into a record.
    mutating func add(_ outcome: ARMReader.Outcome, subscription: String, makeRecord: (JSONValue) -> Value?) {
        switch outcome {
        case .items(let items): records += items.compactMap(makeRecord)
        case .denied(let message): refused[subscription.lowercased()] = refused[subscription.lowercased()] ?? message
        case .unauthorized(let message), .failed(let message):
            failedSubscriptions[subscription.lowercased()] = failedSubscriptions[subscription.lowercased()] ?? message
        }
    }

    func report(statistics: RequestStatistics) -> CollectorReport {
        let counts = statistics.current
        var report = CollectorReport(name: name, status: .complete, types: types, requests: counts.requests, throttledWaits: counts.waits)
        let troubled = Set(refused.keys).union(failedSubscriptions.keys)
        let total = subscriptions.count
        guard !troubled.isEmpty else { return report }
        report.messages =
            refused.sorted { $0.key < $1.key }.map { "subscription \($0.key): denied: \($0.value)" }
            + failedSubscriptions.sorted { $0.key < $1.key }.map { "subscription \($0.key): \($0.value)" }
        if !refused.isEmpty {
            report.missingPermission =
                "\(role) on \(refused.count == total ? "the subscriptions" : "subscriptions \(refused.keys.sorted().joined(separator: ", "))")"
        }
        if troubled.count >= total, records.isEmpty {
            report.status = failedSubscriptions.isEmpty ? .denied : .failed
        } else {
            report.status = .partial
            report.messages.insert("partial: \(total - troubled.count) of \(total) subscriptions read", at: 0)
        }
        return report
    }
}
