import Foundation
import APIKeys
import EntraID
import GatewayConfig

/// Who is calling, as authentication established it, and the grants that may allow the call.
struct ClientIdentity: Sendable {
    /// For logs, metrics and the audit log: a key's public prefix, or `entra:` and the token's object id.
    /// Never a secret.
    var label: String
    var grants: [AccessGrant]
    /// The token's claims, when the caller presented an Entra token.
    var principal: EntraPrincipal?

    init(key: APIKeyRecord) {
        label = key.prefix
        grants = [AccessGrant(
            name: "key \(key.prefix)", deployments: key.scope.deployments, operations: key.scope.operations, regions: key.scope.regions,
            requireMFA: false, authenticationContexts: [],
            // A stored network that no longer parses admits nobody rather than everybody.
            clientNetworks: key.scope.clientNetworks.map { IPNetwork($0) ?? IPNetwork("0.0.0.0/32")! }
        )]
    }

    /// The policies whose roles or groups the token carries, in configuration order.
    init(principal: EntraPrincipal, policies: [GatewayConfiguration.TokenPolicy]) {
        label = "entra:\(principal.subject)"
        self.principal = principal
        grants = policies.filter { policy in
            policy.roles.contains(where: principal.roles.contains) || policy.groups.contains { group in
                principal.groups.contains { $0.caseInsensitiveCompare(group) == .orderedSame }
            }
        }.map { policy in
            AccessGrant(
                name: "policy \(policy.name)", deployments: policy.deployments, operations: policy.operations.compactMap(GatewayOperation.init(rawValue:)),
                regions: policy.regions, requireMFA: policy.requireMFA, authenticationContexts: policy.authenticationContexts, clientNetworks: policy.clientNetworks,
                guardProfile: policy.guards
            )
        }
    }
}

/// What one key or one token policy allows, and the conditions (conditional access) it sets.
struct AccessGrant: Sendable {
    var name: String
    var deployments: [String]
    var operations: [GatewayOperation]
    var regions: [String]
    var requireMFA: Bool
    var authenticationContexts: [String]
    var clientNetworks: [IPNetwork]
    /// The guard profile a policy names (`none` for none); nil for the configuration's default.
    var guardProfile: String? = nil

    func allows(deployment: String, operation: GatewayOperation) -> Bool {
        operations.contains(operation) && deployments.contains { $0 == "*" || $0.caseInsensitiveCompare(deployment) == .orderedSame }
    }
}

/// Picks the grant that allows a call, deny by default, and says precisely why when none does.
enum AccessDecision {
    /// The first grant (configuration order) that allows `operation` on `deployment` and whose conditions hold
    /// for this caller; else the refusal of the first grant that allows the call but whose conditions fail;
    /// else a refusal naming what is not allowed.
    static func grant(
        for identity: ClientIdentity, deployment: String, operation: GatewayOperation, clientIP: String?
    ) throws(GatewayError) -> AccessGrant {
        guard !identity.grants.isEmpty else {
            throw GatewayError(.forbidden, code: "no_policy", "No policy allows \(identity.label) anything: its token carries none of the roles or groups the gateway's policies name.")
        }
        let matching = identity.grants.filter { $0.allows(deployment: deployment, operation: operation) }
        guard let first = matching.first else {
            let anyOperation = identity.grants.contains { grant in GatewayOperation.allCases.contains { grant.allows(deployment: deployment, operation: $0) } }
            let code = anyOperation ? "operation_not_allowed" : "deployment_not_allowed"
            throw GatewayError(.forbidden, code: code, "\(identity.label) may not call \(operation.rawValue) on deployment '\(deployment)'.")
        }
        var refusal: GatewayError?
        for grant in matching {
            if let problem = conditionFailure(grant, identity: identity, clientIP: clientIP) {
                if refusal == nil { refusal = problem }
                continue
            }
            return grant
        }
        throw refusal ?? GatewayError(.forbidden, code: "deployment_not_allowed", "\(first.name) does not allow this call.")
    }

    private static func conditionFailure(_ grant: AccessGrant, identity: ClientIdentity, clientIP: String?) -> GatewayError? {
        if !grant.clientNetworks.isEmpty, !(clientIP.map(grant.clientNetworks.containsAddress) ?? false) {
            return GatewayError(.forbidden, code: "client_ip_not_allowed", "\(grant.name) allows calls only from its configured networks; \(clientIP ?? "this address") is not in them.")
        }
        if grant.requireMFA, !(identity.principal?.showsMultifactor(acceptingContexts: grant.authenticationContexts) ?? false) {
            return GatewayError(.forbidden, code: "mfa_required", "\(grant.name) requires multi-factor authentication; sign in with MFA and get a new token.")
        }
        return nil
    }
}

/// The client's address: the peer's, unless the peer is a trusted proxy, in which case the nearest address in
/// `X-Forwarded-For` that is not itself a trusted proxy (read right to left, as each proxy appends).
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: [IPNetwork]) -> String? {
        guard let peer, !trustedProxies.isEmpty, trustedProxies.containsAddress(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var nearest = peer
        for hop in hops.reversed() {
            guard IPNetwork.parseAddress(hop) != nil else { return nearest }  // garbage: stop at what is known
            nearest = hop
            if !trustedProxies.containsAddress(hop) { return hop }
        }
        return nearest
    }
}
