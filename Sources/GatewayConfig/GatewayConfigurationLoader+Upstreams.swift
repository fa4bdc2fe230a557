import AccessPolicy
import Foundation
import LocatedYAML

extension GatewayConfigurationLoader {
    static let defaultAuthority = URL(string: "https://login.microsoftonline.com")!
    static let defaultInstanceMetadataEndpoint = URL(string: "http://169.254.169.254")!
    /// Azure OpenAI's token scope.
    static let cognitiveServicesScope = "https://cognitiveservices.azure.com/.default"

    func readUpstreams(_ reader: ConfigurationReader) -> [GatewayConfiguration.Upstream] {
        guard let list = reader.root["upstreams"]?.sequence, !list.isEmpty else {
            reader.fail(reader.root["upstreams"], "upstreams", "expected a non-empty list of upstreams")
            return []
        }
        var upstreams: [GatewayConfiguration.Upstream] = []
        var firstIndex: [String: Int] = [:]
        for (index, node) in list.enumerated() {
            let path = "upstreams[\(index)]"
            reader.rejectUnknownKeys(node, path, known: ["name", "endpoint", "region", "deployments", "auth", "timeoutSeconds"])
            let name = reader.string(node["name"], path + ".name", parent: node)
            let region = reader.string(node["region"], path + ".region", parent: node)
            if let region, let problem = AzureRegions.problem(with: region, geographies: false) {
                reader.fail(node["region"], path + ".region", problem)
            }
            if let name {
                if let first = firstIndex[name] {
                    reader.fail(
                        node["name"], path + ".name", "'\(name)' is also the name of upstreams[\(first)]; upstream names must differ")
                } else {
                    firstIndex[name] = index
                }
            }
            let endpoint = reader.url(node["endpoint"], path + ".endpoint", parent: node)
            let deployments = reader.strings(node["deployments"], path + ".deployments")
            if deployments.isEmpty {
                reader.fail(node["deployments"] ?? node, path + ".deployments", "expected a non-empty list of deployment names")
            }
            let authentication = readAuthentication(node["auth"], path: path + ".auth", parent: node, reader)
            let timeout = reader.int(node["timeoutSeconds"], path + ".timeoutSeconds", default: 60, in: 1...3600, unit: "seconds")
            if let name, let region, let endpoint, let authentication, !deployments.isEmpty {
                upstreams.append(
                    .init(
                        name: name, endpoint: endpoint, region: region, deployments: deployments, authentication: authentication,
                        timeout: TimeInterval(timeout)))
            }
        }
        return upstreams
    }

    private func readAuthentication(_ auth: YAMLNode?, path: String, parent: YAMLNode, _ reader: ConfigurationReader)
        -> GatewayConfiguration.Upstream.Authentication?
    {
        guard let auth else {
            reader.fail(parent, path, "is required: how the gateway authenticates to this upstream")
            return nil
        }
        let type = auth["type"]?.string
        let scope = reader.optionalString(auth["scope"], path + ".scope") ?? Self.cognitiveServicesScope
        let common: Set<String> = ["type", "scope"]
        switch type {
        case "apiKey":
            reader.rejectUnknownKeys(auth, path, known: ["type", "keyEnv"])
            guard let variable = reader.string(auth["keyEnv"], path + ".keyEnv", parent: auth) else { return nil }
            reader.requireEnvironment(variable, node: auth["keyEnv"], path: path + ".keyEnv")
            return .apiKey(environmentVariable: variable)
        case "managedIdentity":
            reader.rejectUnknownKeys(auth, path, known: common.union(["source", "clientId", "endpoint", "endpointEnv", "headerEnv"]))
            let clientID = reader.optionalString(auth["clientId"], path + ".clientId")
            switch auth["source"]?.string ?? "imds" {
            case "imds":
                // IMDS is plain HTTP on a link-local address by design; anything else must be loopback (a test).
                let endpoint =
                    auth["endpoint"] == nil
                    ? Self.defaultInstanceMetadataEndpoint
                    : reader.url(
                        auth["endpoint"], path + ".endpoint",
                        plainHTTPAllowed: { $0 == "169.254.169.254" || ConfigurationReader.isLoopback($0) })
                return endpoint.map { .entraToken(.instanceMetadata(endpoint: $0, clientID: clientID), scope: scope) }
            case "appService":
                let endpointVariable = reader.optionalString(auth["endpointEnv"], path + ".endpointEnv") ?? "IDENTITY_ENDPOINT"
                let headerVariable = reader.optionalString(auth["headerEnv"], path + ".headerEnv") ?? "IDENTITY_HEADER"
                reader.requireEnvironment(endpointVariable, node: auth["endpointEnv"] ?? auth, path: path + ".endpointEnv")
                reader.requireEnvironment(headerVariable, node: auth["headerEnv"] ?? auth, path: path + ".headerEnv")
                return .entraToken(
                    .appService(endpointEnvironment: endpointVariable, headerEnvironment: headerVariable, clientID: clientID), scope: scope)
            case let other:
                reader.fail(auth["source"], path + ".source", "'\(other)' is not a managed identity source; expected imds or appService")
                return nil
            }
        case "workloadIdentity":
            // The defaults are the variables the AKS workload identity webhook injects.
            reader.rejectUnknownKeys(auth, path, known: common.union(["tenantId", "clientId", "tokenFile", "authority"]))
            let authority = authorityURL(auth, path: path, reader)
            let tenant = reader.optionalString(auth["tenantId"], path + ".tenantId") ?? environment["AZURE_TENANT_ID"]
            let client = reader.optionalString(auth["clientId"], path + ".clientId") ?? environment["AZURE_CLIENT_ID"]
            let file = reader.optionalString(auth["tokenFile"], path + ".tokenFile") ?? environment["AZURE_FEDERATED_TOKEN_FILE"]
            for (key, value, variable) in [
                ("tenantId", tenant, "AZURE_TENANT_ID"), ("clientId", client, "AZURE_CLIENT_ID"),
                ("tokenFile", file, "AZURE_FEDERATED_TOKEN_FILE"),
            ]
            where value?.isEmpty ?? true {
                reader.fail(auth, "\(path).\(key)", "is required (or set \(variable))")
            }
            guard let authority, let tenant, let client, let file, !tenant.isEmpty, !client.isEmpty, !file.isEmpty else { return nil }
            return .entraToken(.workloadIdentity(authority: authority, tenantID: tenant, clientID: client, tokenFile: file), scope: scope)
        case "clientSecret":
            reader.rejectUnknownKeys(auth, path, known: common.union(["tenantId", "clientId", "secretEnv", "authority"]))
            let authority = authorityURL(auth, path: path, reader)
            let tenant = reader.string(auth["tenantId"], path + ".tenantId", parent: auth)
            let client = reader.string(auth["clientId"], path + ".clientId", parent: auth)
            let variable = reader.string(auth["secretEnv"], path + ".secretEnv", parent: auth)
            if let variable { reader.requireEnvironment(variable, node: auth["secretEnv"], path: path + ".secretEnv") }
            guard let authority, let tenant, let client, let variable else { return nil }
            return .entraToken(
                .clientSecret(authority: authority, tenantID: tenant, clientID: client, secretEnvironment: variable), scope: scope)
        case let other:
            reader.fail(
                auth["type"] ?? auth, path + ".type",
                "'\(other ?? "")' is not an upstream authentication type; expected apiKey, managedIdentity, workloadIdentity or clientSecret"
            )
            return nil
        }
    }

    private func authorityURL(_ auth: YAMLNode, path: String, _ reader: ConfigurationReader) -> URL? {
        guard auth["authority"] != nil else {
            // The variable the workload identity webhook sets for sovereign clouds; only https is taken from it.
            let fromEnvironment = environment["AZURE_AUTHORITY_HOST"].flatMap(URL.init(string:))
            return fromEnvironment?.scheme?.lowercased() == "https" ? fromEnvironment : Self.defaultAuthority
        }
        return reader.url(auth["authority"], path + ".authority")
    }
}
