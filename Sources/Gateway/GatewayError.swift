import Foundation
public import Hummingbird

/// A refusal in Azure OpenAI's error shape, `{"error": {"code", "message"}}`, so clients that handle Azure's
/// errors handle the gateway's. `code` is short and stable: a reason code and a metric label. Messages never
/// echo a credential.
public struct GatewayError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        let body: [String: [String: String]] = ["error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func keyMissing() -> GatewayError {
        GatewayError(.unauthorized, code: "key_missing", "Access denied: send a Bulwark gateway key in the api-key header or as Authorization: Bearer.")
    }
}
