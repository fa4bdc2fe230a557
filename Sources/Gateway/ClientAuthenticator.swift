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
    let store: APIKeyStore
    let tokens: EntraTokenValidator?
    let policies: [GatewayConfiguration.TokenPolicy]

    func authenticate(_ headers: HTTPFields) async throws(GatewayError) -> ClientIdentity {
        if let key = headers[HTTPField.Name("api-key")!], !key.isEmpty {
            return try authenticateKey(key)
        }
        guard let authorization = headers[.authorization], authorization.lowercased().hasPrefix("bearer ") else {
            throw GatewayError.keyMissing()
        }
        let presented = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard EntraTokenValidator.looksLikeJWT(presented) else { return try authenticateKey(presented) }
        guard let tokens else {
            throw GatewayError(.unauthorized, code: "token_not_accepted", "Access denied: this gateway does not accept Entra ID tokens; send a gateway key.")
        }
        do {
            let principal = try await tokens.validate(presented)
            return ClientIdentity(principal: principal, policies: policies)
        } catch {
            throw GatewayError(error.isServiceFault ? .serviceUnavailable : .unauthorized, code: error.code.rawValue, "Access denied: \(error.description).")
        }
    }

    private func authenticateKey(_ presented: String) throws(GatewayError) -> ClientIdentity {
        let result: Result<APIKeyRecord, APIKeyRejection>
        do {
            result = try store.authenticate(presented)
        } catch {
            throw GatewayError(.serviceUnavailable, code: "key_store_unavailable", "The key store cannot be read; try again later.")
        }
        switch result {
        case .success(let record): return ClientIdentity(key: record)
        case .failure(let rejection): throw GatewayError(.unauthorized, code: rejection.code.rawValue, "Access denied: \(rejection.description).")
        }
    }
}
