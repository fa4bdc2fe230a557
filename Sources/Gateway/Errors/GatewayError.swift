public import Hummingbird
import PromptGuards

/// A refusal in Azure OpenAI's error shape, `{"error": {"code", "message"}}`, so clients that handle Azure's
/// errors handle the gateway's. `code` is short and stable: a reason code and a metric label. Messages never
/// echo a credential.
public struct GatewayError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: Code
    public var message: String
    /// A guard's blocking verdict, answered in Azure's content-filter shape.
    var contentFilter: GuardFinding?
    var param: String?
    /// Headers the refusal carries besides its content type (`Retry-After` for a limit).
    var headers = HTTPFields()

    public init(_ status: HTTPResponse.Status, code: Code, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body())))
    }

    /// `{"error": {...}}`, keys sorted, written by ``JSONOutput``: refusals are what a flood of bad requests costs.
    func body() -> [UInt8] {
        var error: [String: JSONOutput] = ["code": .string(code.rawValue), "message": .string(message)]
        if let contentFilter {
            error["param"] = .string(param ?? "prompt")
            error["status"] = .int(Int(status.code))
            error["innererror"] = [
                "code": "ResponsibleAIPolicyViolation", "content_filter_result": Self.contentFilterResult(contentFilter),
            ]
        }
        return JSONOutput.object(["error": .object(error)]).bytes
    }

    static func keyMissing() -> GatewayError {
        GatewayError(
            .unauthorized, code: .keyMissing, "Access denied: send a Bulwark gateway key in the api-key header or as Authorization: Bearer."
        )
    }

    static func keyStoreUnavailable(_ message: String = "The key store cannot be read; try again later.") -> GatewayError {
        GatewayError(.serviceUnavailable, code: .keyStoreUnavailable, message)
    }
}
