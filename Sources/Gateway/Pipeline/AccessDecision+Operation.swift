import AccessPolicy
import APIKeys

extension AccessDecision {
    /// For calls that name no deployment (files, batches, conversations, stored responses' creates): the first grant
    /// that lists `operation` for some deployment and whose conditions hold; deny by default otherwise.
    static func grant(for identity: ClientIdentity, operation: GatewayOperation, clientIP: String?) throws(GatewayError) -> AccessGrant {
        guard !identity.grants.isEmpty else {
            throw GatewayError(
                .forbidden, code: .noPolicy,
                "No policy allows \(identity.label) anything: its token carries none of the roles or groups the gateway's policies name.")
        }
        let matching = identity.grants.filter { $0.operations.contains(operation) && !$0.deployments.isEmpty }
        guard !matching.isEmpty else {
            throw GatewayError(.forbidden, code: .operationNotAllowed, "\(identity.label) may not call \(operation.rawValue).")
        }
        var refusal: GatewayError?
        for grant in matching {
            if let problem = conditionFailure(grant, identity: identity, clientIP: clientIP) {
                if refusal == nil { refusal = problem }
                continue
            }
            return grant
        }
        throw refusal ?? GatewayError(.forbidden, code: .operationNotAllowed, "\(identity.label) may not call \(operation.rawValue).")
    }
}
