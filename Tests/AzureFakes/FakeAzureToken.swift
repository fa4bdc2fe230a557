public import AsyncHTTPClient
public import AzureCredentials
public import Foundation
import NIOCore
import Synchronization

extension FakeAzure {
    /// `POST /{tenant}/oauth2/v2.0/token` with the client-credentials grant: the client secret is checked (a wrong one
    /// answers 401 with AADSTS7000215, as Entra does); a token is a JWT whose payload carries `tid`, `oid` and `appid`.
    func tokenAnswer(path: String, body: [UInt8]) -> Answer {
        bump(.token)
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard fields["client_id"] == clientID, fields["client_secret"] == clientSecret else {
            return Answer(
                status: 401,
                body:
                    #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\#(clientID)'.","error_codes":[7000215]}"#
            )
        }
        let expiry = now + .seconds(tokenLifetime)
        let token = tokens.withLock { state -> String in
            state.serial += 1
            let payload =
                #"{"aud":"https://management.azure.com","tid":"\#(tenantID)","oid":"00000000-0000-0000-0000-0000000000aa","appid":"\#(clientID)","idtyp":"app","jti":"\#(state.serial)"}"#
            let token = Self.base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + Self.base64URL(payload) + ".c2ln"
            state.issued[token] = expiry
            return token
        }
        return Answer(
            status: 200,
            body: #"{"token_type":"Bearer","expires_in":\#(tokenLifetime),"ext_expires_in":\#(tokenLifetime),"access_token":"\#(token)"}"#)
    }

    func authorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let token = String(header.dropFirst("Bearer ".count))
        let now = self.now
        return tokens.withLock { state in state.issued[token].map { $0 > now } ?? false }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// A client-secret credential for the tests: tokens from the fake's token endpoint, cached per scope until
/// ``invalidate(scope:)``. (The product's credential chain lives in AzureCredentials.)
public final class FakeAzureClientSecret: TokenCredential {
    public let sourceName = "environment (client secret)"
    let http: HTTPClient
    let tokenURL: String
    let clientID: String
    let secret: String
    let cache = Mutex([String: AccessToken]())

    public init(http: HTTPClient, authority: URL, tenantID: String, clientID: String, secret: String) {
        self.http = http
        self.tokenURL = authority.absoluteString + "/\(tenantID)/oauth2/v2.0/token"
        self.clientID = clientID
        self.secret = secret
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        if let cached = cache.withLock({ $0[scope] }) { return cached }
        var request = HTTPClientRequest(url: tokenURL)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret), ("scope", scope)]
            .map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .seconds(15))
            status = response.status.code
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw .unreachable(source: sourceName)
        }
        guard status == 200 else { throw .refused(source: sourceName, status: Int(status)) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let value = object["access_token"] as? String, let lifetime = object["expires_in"] as? Int
        else { throw .malformedResponse(source: sourceName) }
        let token = AccessToken(value: value, expiresAt: Date().addingTimeInterval(TimeInterval(lifetime)))
        cache.withLock { $0[scope] = token }
        return token
    }

    public func invalidate(scope: String) async {
        _ = cache.withLock { $0.removeValue(forKey: scope) }
    }
}
