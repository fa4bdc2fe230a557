import CryptoExtras
import Foundation
import GatewayTesting
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A loopback Entra token endpoint that checks what the client proves: a client secret against `secret`, or a client
/// assertion's RS256 signature against `publicKeyPEM`. A wrong one gets a 401 with an AADSTS description, as Entra
/// answers; a right one a token named after the count of requests.
final class FakeEntraEndpoint: Sendable {
    struct Received: Sendable {
        var path: String
        var form: [String: String]
    }

    let secret: String?
    let publicKeyPEM: String?
    let received = Mutex<[Received]>([])

    init(secret: String? = nil, publicKeyPEM: String? = nil) {
        self.secret = secret
        self.publicKeyPEM = publicKeyPEM
    }

    static let wrongSecret =
        #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1f0c\r\nTimestamp: 2026-12-07 10:00:00Z","error_codes":[7000215]}"#
    static let badAssertion =
        #"{"error":"invalid_client","error_description":"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. Trace ID: 2a1b","error_codes":[700027]}"#

    func withServer(_ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.post("/{tenant}/oauth2/v2.0/token") { [self] request, _ -> Response in
            var request = request
            let text = String(buffer: try await request.collectBody(upTo: 1 << 16))
            var form: [String: String] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            let count = received.withLock { list in
                list.append(Received(path: request.uri.path, form: form))
                return list.count
            }
            let accepted: Bool
            let refusal: String
            if let sent = form["client_secret"] {
                accepted = sent == secret
                refusal = Self.wrongSecret
            } else if let assertion = form["client_assertion"] {
                accepted = verify(assertion)
                refusal = Self.badAssertion
            } else {
                accepted = false
                refusal = #"{"error":"invalid_request"}"#
            }
            guard accepted else { return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: refusal))) }
            let answer = #"{"token_type":"Bearer","expires_in":3600,"access_token":"entra-token-\#(count)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw FakeServerError.noPort }
            try await body(URL(string: "http://127.0.0.1:\(port)")!)
        }
    }

    /// The assertion's RS256 signature checks out with the certificate's public key.
    private func verify(_ assertion: String) -> Bool {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let publicKeyPEM, let key = try? _RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM),
            let signature = Base64URL.decode(String(parts[2]))
        else { return false }
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8), padding: .insecurePKCS1v1_5)
    }
}

enum Base64URL {
    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The JSON object in a JWT's part `index` (0 header, 1 payload).
    static func jsonPart(_ jwt: String, _ index: Int) -> [String: Any]? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = decode(String(parts[index])) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}
