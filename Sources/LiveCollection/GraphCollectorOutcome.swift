import LiveSnapshot
import LocatedJSON
import PostureModel

/// What one Graph read gave: its records, and how it fell short.
struct GraphEndpointOutcome: Sendable {
    enum Shortfall: Sendable, Hashable {
        /// The identity lacks the endpoint's permission (403).
        case denied
        /// The tenant has no Microsoft Entra ID P2, which the endpoint needs.
        case licence
        /// Nothing read, for another reason.
        case failed
        /// Some objects read, not all.
        case incomplete
    }

    static let p2 = "Microsoft Entra ID P2"

    var endpoint: GraphEndpoint
    var records: [Value]
    var shortfall: Shortfall?
    /// One line saying what went wrong, when something did.
    var message: String?

    init(endpoint: GraphEndpoint, objects: [JSONValue], error: GraphReadError?) {
        self.endpoint = endpoint
        let (records, problems) = GraphRecords.records(objects, endpoint: endpoint)
        self.records = records
        let what = "GET \(endpoint.path)"
        guard let error else {
            shortfall = problems.isEmpty ? nil : .incomplete
            message = problems.isEmpty ? nil : "\(what): partial: \(problems.joined(separator: "; "))"
            return
        }
        switch error {
        case .status(let status, let code, let graphMessage):
            let answered = "answered \(status)" + (code.map { " (\($0))" } ?? "")
            if Self.mentionsLicence(code, graphMessage) || (endpoint.needsP2 && (status == 400 || status == 404)) {
                shortfall = .licence
                message = "\(what): denied: \(answered): the tenant needs \(Self.p2)"
            } else if status == 403 {
                shortfall = .denied
                message = "\(what): denied: \(answered): the identity lacks \(endpoint.permission)"
            } else {
                shortfall = records.isEmpty ? .failed : .incomplete
                message = "\(what): \(records.isEmpty ? "failed" : "partial"): \(answered)"
            }
        default:
            shortfall = records.isEmpty ? .failed : .incomplete
            let read = records.isEmpty ? "failed" : "partial: \(records.count) objects read, then"
            message = "\(what): \(read) \(error)"
        }
    }

    /// Graph's licence refusals (`AadPremiumLicenseRequired`, "...requires an Azure AD Premium P2 license").
    static func mentionsLicence(_ code: String?, _ message: String?) -> Bool {
        let text = ((code ?? "") + " " + (message ?? "")).lowercased()
        return text.contains("license") || text.contains("licence") || text.contains("premium")
    }

    /// One report from its reads: `complete` when all were read whole; `partial` when some were read; `denied` when
    /// none were and every one was refused for a permission or the licence; `failed` otherwise.
    static func report(name: String, types: [String], outcomes: [GraphEndpointOutcome], requests: Int, waits: Int) -> CollectorReport {
        let shortfalls = outcomes.compactMap(\.shortfall)
        var missing: [String] = []
        for outcome in outcomes {
            let needed: String? =
                switch outcome.shortfall {
                case .denied: outcome.endpoint.permission
                case .licence: p2
                default: nil
                }
            if let needed, !missing.contains(needed) { missing.append(needed) }
        }
        let read = outcomes.filter { $0.shortfall == nil || $0.shortfall == .incomplete }.count
        let status: CollectorStatus =
            if shortfalls.isEmpty {
                .complete
            } else if read > 0 {
                .partial
            } else if shortfalls.allSatisfy({ $0 == .denied || $0 == .licence }) {
                .denied
            } else {
                .failed
            }
        return CollectorReport(
            name: name, status: status, types: types, requests: requests, throttledWaits: waits,
            missingPermission: missing.isEmpty ? nil : missing.joined(separator: ", "), messages: outcomes.compactMap(\.message))
    }
}
