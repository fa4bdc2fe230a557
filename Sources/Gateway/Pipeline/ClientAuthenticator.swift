import APIKeys
import EntraID
import Foundation
import GatewayConfig
import HTTPTypes
import Hummingbird

/// Finds the client's credential and checks it: a gateway key (`api-key` header, or `Authorization: Bearer`
/// with a key), or a Microsoft Entra access token (`Authorization: Bearer` with a JWT) when Entra ID is
/// configured. Deny by default: no credential, or one that does not verify, is a 401 with a reason code.
struct ClientAuthenticator: Sendable {
    /// The key store; a blocking one (SQLite) is already behind ``BlockingKeyStore``.
    let store: any KeyStore
    let tokens: EntraTokenValidator?
    let policies: [GatewayConfiguration.TokenPolicy]

    func authenticate(_ headers: HTTPFields) async throws(GatewayError) -> ClientIdentity {
        if let key = headers[HTTPField.Name("api-key")!], !key.isEmpty {
            return try await authenticateKey(key)
        }
        guard let authorization = headers[.authorization], authorization.lowercased().hasPrefix("bearer ") else {
            throw GatewayError.keyMissing()
        }
        let presented = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard EntraTokenValidator.looksLikeJWT(presented) else { return try await authenticateKey(presented) }
        guard let tokens else {
            throw GatewayError(
                .unauthorized, code: .tokenNotAccepted, "Access denied: this gateway does not accept Entra ID tokens; send a gateway key.")
        }
        do {
            let principal = try await tokens.validate(presented)
            return ClientIdentity(principal: principal, policies: policies)
        } catch {
            throw GatewayError(
                error.isServiceFault ? .serviceUnavailable : .unauthorized, code: GatewayError.Code(error.code),
                "Access denied: \(error.description).")
        }
    }

    private func authenticateKey(_ presented: String) async throws(GatewayError) -> ClientIdentity {
        let result: Result<APIKeyRecord, APIKeyRejection>
        do {
            result = try await store.authenticate(presented, now: Date())
        } catch {
            throw GatewayError.keyStoreUnavailable()
        }
        switch result {
        case .success(let record): return ClientIdentity(key: record)
        case .failure(let rejection):
            throw GatewayError(.unauthorized, code: GatewayError.Code(rejection.code), "Access denied: \(rejection.description).")
        }
    }
}
