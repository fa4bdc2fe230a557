import AccessPolicy
import APIKeys
import GatewayConfig

/// Picks the grant that allows a call, deny by default, and says precisely why when none does.
enum AccessDecision {
    /// The first grant (configuration order) that allows `operation` on `deployment` and whose conditions hold
    /// for this caller; else the refusal of the first grant that allows the call but whose conditions fail;
    /// else a refusal naming what is not allowed.
    static func grant(
        for identity: ClientIdentity, deployment: String, operation: GatewayOperation, clientIP: String?
    ) throws(GatewayError) -> AccessGrant {
        guard !identity.grants.isEmpty else {
            throw GatewayError(
                .forbidden, code: .noPolicy,
                "No policy allows \(identity.label) anything: its token carries none of the roles or groups the gateway's policies name.")
        }
        let matching = identity.grants.filter { $0.allows(deployment: deployment, operation: operation) }
        guard let first = matching.first else {
            let anyOperation = identity.grants.contains { grant in
                GatewayOperation.allCases.contains { grant.allows(deployment: deployment, operation: $0) }
            }
            let code: GatewayError.Code = anyOperation ? .operationNotAllowed : .deploymentNotAllowed
            throw GatewayError(
                .forbidden, code: code, "\(identity.label) may not call \(operation.rawValue) on deployment '\(deployment)'.")
        }
        var refusal: GatewayError?
        for grant in matching {
            if let problem = conditionFailure(grant, identity: identity, clientIP: clientIP) {
                if refusal == nil { refusal = problem }
                continue
            }
            return grant
        }
        throw refusal ?? GatewayError(.forbidden, code: .deploymentNotAllowed, "\(first.name) does not allow this call.")
    }

    static func conditionFailure(_ grant: AccessGrant, identity: ClientIdentity, clientIP: String?) -> GatewayError? {
        if !grant.clientNetworks.isEmpty, !(clientIP.map(grant.clientNetworks.containsAddress) ?? false) {
            return GatewayError(
                .forbidden, code: .clientIPNotAllowed,
                "\(grant.name) allows calls only from its configured networks; \(clientIP ?? "this address") is not in them.")
        }
        if grant.requireMFA, !(identity.principal?.showsMultifactor(acceptingContexts: grant.authenticationContexts) ?? false) {
            return GatewayError(
                .forbidden, code: .mfaRequired, "\(grant.name) requires multi-factor authentication; sign in with MFA and get a new token.")
        }
        return nil
    }
}
