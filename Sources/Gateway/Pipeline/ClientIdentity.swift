import AccessPolicy
import Foundation
import APIKeys
import EntraID
import GatewayConfig
import RateLimits

/// Who is calling, as authentication established it, and the grants that may allow the call.
struct ClientIdentity: Sendable {
    /// For logs, metrics and the audit log: a key's public prefix, or `entra:` and the token's object id.
    /// Never a secret.
    var label: String
    /// Who owns the stored objects this caller creates, and whose objects it may reach: a key's lineage (the
    /// prefix of the key that started it, kept by `keys rotate`, so a rotated key keeps its objects), or the
    /// Entra label. Never a secret.
    var owner: String
    var grants: [AccessGrant]
    /// The token's claims, when the caller presented an Entra token.
    var principal: EntraPrincipal?
    /// A key's own limits (`keys create --limit`), checked beside the configured rules.
    var keyLimits: [LimitRule] = []
    /// Stored limits that no longer read as a limit: the request is refused rather than let through unlimited.
    var unreadableLimits: [String] = []

    init(key: APIKeyRecord) {
        label = key.prefix
        owner = key.lineage
        grants = [key.scope.grant(named: "key \(key.prefix)")]
        for spec in key.scope.limits {
            do throws(LimitSpecError) {
                keyLimits.append(try KeyLimits.rule(for: spec))
            } catch {
                unreadableLimits.append(spec)
            }
        }
    }

    /// The policies whose roles or groups the token carries, in configuration order.
    init(principal: EntraPrincipal, policies: [GatewayConfiguration.TokenPolicy]) {
        label = "entra:\(principal.subject)"
        owner = label
        self.principal = principal
        grants = policies.filter { policy in
            policy.roles.contains(where: principal.roles.contains)
                || policy.groups.contains { group in
                    principal.groups.contains { $0.caseInsensitiveCompare(group) == .orderedSame }
                }
        }.map { policy in
            AccessGrant(
                name: "policy \(policy.name)", deployments: policy.deployments,
                operations: policy.operations.compactMap(GatewayOperation.init(rawValue:)),
                regions: policy.regions, requireMFA: policy.requireMFA, authenticationContexts: policy.authenticationContexts,
                clientNetworks: policy.clientNetworks,
                guardProfile: policy.guards
            )
        }
    }
}
