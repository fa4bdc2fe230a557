import Foundation

/// Why the cloud and its endpoints could not be resolved. Names the setting to fix.
public enum CloudError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--cloud` named no known cloud.
    case unknownCloud(name: String, known: [String])
    /// An endpoint variable is not an absolute `https` URL (or `http` to a loopback host).
    case invalidEndpoint(variable: String, reason: String)

    public var description: String {
        switch self {
        case .unknownCloud(let name, let known):
            "unknown cloud '\(name)'; use one of \(known.joined(separator: ", "))"
        case .invalidEndpoint(let variable, let reason): "\(variable): \(reason)"
        }
    }
}

extension AzureCloud {
    /// The environment variables that override one endpoint each.
    public static let authorityHostVariable = "AZURE_AUTHORITY_HOST"
    public static let resourceManagerVariable = "BULWARK_ARM_ENDPOINT"
    public static let graphVariable = "BULWARK_GRAPH_ENDPOINT"

    /// The cloud `--cloud` names (any case; the public cloud when `name` is nil), with the endpoints that
    /// `AZURE_AUTHORITY_HOST`, `BULWARK_ARM_ENDPOINT` and `BULWARK_GRAPH_ENDPOINT` override. Overriding any makes the
    /// name `custom`; the token scopes stay the named cloud's.
    /// - Throws: `.unknownCloud` listing the known names; `.invalidEndpoint` naming the variable when an override is
    ///   not `https` (plain `http` is accepted only for a loopback host: 127.0.0.0/8, ::1, `localhost`).
    public static func resolve(name: String?, environment: [String: String]) throws(CloudError) -> AzureCloud {
        var cloud = AzureCloud.azureCloud
        if let name {
            guard let named = known.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else {
                throw .unknownCloud(name: name, known: known.map(\.name))
            }
            cloud = named
        }
        let overrides: [(String, WritableKeyPath<AzureCloud, URL>)] = [
            (authorityHostVariable, \.authorityHost), (resourceManagerVariable, \.resourceManager), (graphVariable, \.graph),
        ]
        for (variable, path) in overrides {
            guard let value = environment[variable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
            cloud[keyPath: path] = try endpoint(value, variable: variable)
            cloud.name = "custom"
        }
        return cloud
    }

    /// `value` as an endpoint: absolute, `https`, or `http` to a loopback host.
    static func endpoint(_ value: String, variable: String) throws(CloudError) -> URL {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .invalidEndpoint(variable: variable, reason: "expected an absolute URL such as https://management.azure.com")
        }
        guard url.user == nil, url.password == nil else {
            throw .invalidEndpoint(variable: variable, reason: "the URL must not carry a user name or password")
        }
        switch scheme {
        case "https": return url
        case "http" where isLoopback(host): return url
        case "http":
            throw .invalidEndpoint(
                variable: variable,
                reason: "plain http is accepted only for a loopback host (127.0.0.1, ::1, localhost); use https for \(host)")
        default:
            throw .invalidEndpoint(variable: variable, reason: "the scheme must be https, not \(scheme)")
        }
    }

    /// 127.0.0.0/8, ::1 or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ $0.allSatisfy { "0"..."9" ~= $0 } && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
