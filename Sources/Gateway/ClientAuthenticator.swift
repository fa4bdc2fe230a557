import APIKeys
import Foundation
import HTTPTypes
import Hummingbird

/// Finds the client's key (`api-key` header, or `Authorization: Bearer`) and checks it against the store.
struct ClientAuthenticator: Sendable {
    let store: APIKeyStore

    func authenticate(_ headers: HTTPFields) throws(GatewayError) -> APIKeyRecord {
        let presented: String
        if let key = headers[HTTPField.Name("api-key")!], !key.isEmpty {
            presented = key
        } else if let authorization = headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            presented = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        } else {
            throw GatewayError.keyMissing()
        }
        let result: Result<APIKeyRecord, APIKeyRejection>
        do {
            result = try store.authenticate(presented)
        } catch {
            throw GatewayError(.serviceUnavailable, code: "key_store_unavailable", "The key store cannot be read; try again later.")
        }
        switch result {
        case .success(let record): return record
        case .failure(let rejection): throw GatewayError(.unauthorized, code: rejection.code.rawValue, "Access denied: \(rejection.description).")
        }
    }
}
