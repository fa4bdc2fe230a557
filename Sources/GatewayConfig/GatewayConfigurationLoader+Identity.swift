import AccessPolicy
import Foundation
import LocatedYAML

extension GatewayConfigurationLoader {
    /// Every operation a policy may list (`GatewayOperation`'s names).
    static let operations: [String] = [
        "chat", "completions", "embeddings", "responses", "images", "audio", "files", "batches", "realtime",
    ]
    /// What a policy that lists no operations allows: the three it allowed before the others existed, so that a
    /// configuration written then is not widened by an upgrade.
    static let defaultOperations = ["chat", "completions", "embeddings"]

    /// `entra:` — tenants, audiences, keys and the token policies.
    func readEntra(_ reader: ConfigurationReader) -> GatewayConfiguration.EntraID? {
        guard let node = reader.root["entra"] else { return nil }
        reader.rejectUnknownKeys(
            node, "entra", known: ["tenants", "audiences", "authority", "jwksUrl", "clockSkewSeconds", "keysRefreshSeconds", "policies"])
        let tenants = reader.strings(node["tenants"], "entra.tenants")
        if tenants.isEmpty { reader.fail(node["tenants"] ?? node, "entra.tenants", "expected the tenant ids whose tokens are accepted") }
        if tenants.contains(where: { ["common", "organizations", "consumers"].contains($0.lowercased()) }) {
            reader.fail(
                node["tenants"], "entra.tenants",
                "list tenant ids, not common/organizations/consumers: a token's issuer must name one tenant")
        }
        let audiences = reader.strings(node["audiences"], "entra.audiences")
        if audiences.isEmpty {
            reader.fail(
                node["audiences"] ?? node, "entra.audiences", "expected the accepted audiences (the gateway's app id URI or client id)")
        }
        let authority = node["authority"] == nil ? Self.defaultAuthority : reader.url(node["authority"], "entra.authority")
        var jwks: URL?
        if node["jwksUrl"] != nil {
            jwks = reader.url(node["jwksUrl"], "entra.jwksUrl")
        } else if let authority {
            jwks = authority.appendingPathComponent("common/discovery/v2.0/keys")
        }
        let skew = reader.int(node["clockSkewSeconds"], "entra.clockSkewSeconds", default: 60, in: 0...300, unit: "seconds")
        let refresh = reader.int(node["keysRefreshSeconds"], "entra.keysRefreshSeconds", default: 3600, in: 60...86400, unit: "seconds")
        var policies: [GatewayConfiguration.TokenPolicy] = []
        if let list = node["policies"]?.sequence, !list.isEmpty {
            for (index, item) in list.enumerated() {
                if let policy = readPolicy(item, path: "entra.policies[\(index)]", reader) { policies.append(policy) }
            }
        } else {
            reader.fail(node["policies"] ?? node, "entra.policies", "expected a list of policies: without one no token may do anything")
        }
        guard let authority, let jwks, !tenants.isEmpty, !audiences.isEmpty else { return nil }
        return .init(
            tenants: tenants, audiences: audiences, authority: authority, jwksURL: jwks, clockSkewSeconds: skew,
            keysRefreshSeconds: refresh, policies: policies)
    }

    private func readPolicy(_ node: YAMLNode, path: String, _ reader: ConfigurationReader) -> GatewayConfiguration.TokenPolicy? {
        reader.rejectUnknownKeys(
            node, path,
            known: [
                "name", "roles", "groups", "deployments", "operations", "regions", "requireMFA", "authenticationContexts", "clientIPs",
                "guards",
            ])
        let name = reader.string(node["name"], path + ".name", parent: node)
        let roles = reader.strings(node["roles"], path + ".roles")
        let groups = reader.strings(node["groups"], path + ".groups")
        if roles.isEmpty, groups.isEmpty {
            reader.fail(node, path, "expected roles or groups: the app roles or group ids a token needs to get this policy")
        }
        let deployments = reader.strings(node["deployments"], path + ".deployments")
        if deployments.isEmpty {
            reader.fail(node["deployments"] ?? node, path + ".deployments", "expected the deployments this policy allows ('*' for all)")
        }
        var operations = reader.strings(node["operations"], path + ".operations")
        if node["operations"] == nil { operations = Self.defaultOperations }
        for operation in operations where !Self.operations.contains(operation) {
            reader.fail(
                node["operations"], path + ".operations",
                "'\(operation)' is not an operation; expected one of \(Self.operations.joined(separator: ", "))")
        }
        let regions = reader.strings(node["regions"], path + ".regions")
        for (index, region) in regions.enumerated() {
            if let problem = AzureRegions.problem(with: region, geographies: true) {
                reader.fail(node["regions"]?.sequence?[index] ?? node["regions"], path + ".regions[\(index)]", problem)
            }
        }
        let requireMFA = reader.bool(node["requireMFA"], path + ".requireMFA", default: false)
        let contexts = reader.strings(node["authenticationContexts"], path + ".authenticationContexts")
        let networks = reader.networks(node["clientIPs"], path + ".clientIPs")
        let guards = reader.optionalString(node["guards"], path + ".guards")
        guard let name, !deployments.isEmpty else { return nil }
        return .init(
            name: name, roles: roles, groups: groups, deployments: deployments, operations: operations, regions: regions,
            requireMFA: requireMFA, authenticationContexts: contexts, clientNetworks: networks, guards: guards)
    }
}
