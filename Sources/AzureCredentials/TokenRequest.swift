import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One token request for a credential source, as the source's endpoint expects it, and the parsing of its answer.
struct TokenRequest {
    /// Who answers, for messages (`the Entra token endpoint`).
    var source: String
    var request: HTTPClientRequest
    /// Values the request carries that must never appear in an error (a secret, an assertion).
    var secrets: [String] = []

    /// Builds the request for `source` and `scope` (`https://cognitiveservices.azure.com/.default`).
    static func make(_ source: CredentialSource, scope: String, environment: [String: String]) throws(CredentialError) -> TokenRequest {
        // Managed identity endpoints take a resource, not a scope.
        let resource = scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
        switch source {
        case .instanceMetadata(let endpoint, let clientID):
            var query = [("api-version", "2018-02-01"), ("resource", resource)]
            if let clientID { query.append(("client_id", clientID)) }
            var request = HTTPClientRequest(
                url: Self.trimmed(endpoint.absoluteString) + "/metadata/identity/oauth2/token?" + formEncoded(query))
            request.headers.add(name: "Metadata", value: "true")
            return TokenRequest(source: "the instance metadata service", request: request)
        case .appService(let endpointVariable, let headerVariable, let clientID):
            guard let endpoint = environment[endpointVariable], !endpoint.isEmpty else { throw .missingEnvironment(endpointVariable) }
            guard let secret = environment[headerVariable], !secret.isEmpty else { throw .missingEnvironment(headerVariable) }
            var query = [("api-version", "2019-08-01"), ("resource", resource)]
            if let clientID { query.append(("client_id", clientID)) }
            var request = HTTPClientRequest(url: endpoint + (endpoint.contains("?") ? "&" : "?") + formEncoded(query))
            request.headers.add(name: "X-IDENTITY-HEADER", value: secret)
            return TokenRequest(source: "the App Service identity endpoint", request: request, secrets: [secret])
        case .workloadIdentity(let authority, let tenant, let clientID, let file):
            // Read on every exchange: the projected token is rotated by the platform.
            guard let assertion = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                !assertion.isEmpty
            else {
                throw .unreadableTokenFile(file)
            }
            return clientAssertion(authority: authority, tenant: tenant, clientID: clientID, scope: scope, assertion: assertion)
        case .clientSecret(let authority, let tenant, let clientID, let variable):
            guard let secret = environment[variable], !secret.isEmpty else { throw .missingEnvironment(variable) }
            var request = clientCredentials(
                authority: authority, tenant: tenant, fields: [("client_id", clientID), ("scope", scope), ("client_secret", secret)])
            request.secrets = [secret]
            return request
        }
    }

    /// A client credentials request that proves the client with a signed assertion (a federated token, or a JWT
    /// signed with the client certificate's key).
    static func clientAssertion(authority: URL, tenant: String, clientID: String, scope: String, assertion: String) -> TokenRequest {
        var request = clientCredentials(
            authority: authority, tenant: tenant,
            fields: [
                ("client_id", clientID), ("scope", scope),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
            ])
        request.secrets = [assertion]
        return request
    }

    /// The tenant's token endpoint under `authority` (`https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`).
    static func tokenEndpoint(authority: URL, tenant: String) -> String {
        let tenantPath =
            tenant.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? tenant
        return trimmed(authority.absoluteString) + "/\(tenantPath)/oauth2/v2.0/token"
    }

    private static func clientCredentials(authority: URL, tenant: String, fields: [(String, String)]) -> TokenRequest {
        var request = HTTPClientRequest(url: tokenEndpoint(authority: authority, tenant: tenant))
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: formEncoded([("grant_type", "client_credentials")] + fields)))
        return TokenRequest(source: "the Entra token endpoint", request: request)
    }

    /// The token from a 200 answer: `access_token` with `expires_on` (seconds since 1970, number or string, as
    /// managed identity endpoints send it) or `expires_in` (seconds from now, as the token endpoint sends it).
    static func parse(_ body: Data, source: String, now: Date) throws(CredentialError) -> AccessToken {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let token = object["access_token"] as? String, !token.isEmpty
        else { throw .malformedResponse(source: source) }
        func seconds(_ key: String) -> Double? {
            if let number = object[key] as? NSNumber { return number.doubleValue }
            return (object[key] as? String).flatMap(Double.init)
        }
        if let expiresOn = seconds("expires_on") { return AccessToken(value: token, expiresAt: Date(timeIntervalSince1970: expiresOn)) }
        if let expiresIn = seconds("expires_in") { return AccessToken(value: token, expiresAt: now.addingTimeInterval(expiresIn)) }
        throw .malformedResponse(source: source)
    }

    static func formEncoded(_ fields: [(String, String)]) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")"
        }.joined(separator: "&")
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
