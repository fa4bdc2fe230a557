import Foundation
public import Hummingbird
import PromptGuards

/// A refusal in Azure OpenAI's error shape, `{"error": {"code", "message"}}`, so clients that handle Azure's
/// errors handle the gateway's. `code` is short and stable: a reason code and a metric label. Messages never
/// echo a credential.
public struct GatewayError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// A guard's blocking verdict, answered in Azure's content-filter shape.
    var contentFilter: GuardFinding?
    var param: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body())))
    }

    func body() -> Data {
        var error: [String: Any] = ["code": code, "message": message]
        if let contentFilter {
            error["param"] = param ?? "prompt"
            error["status"] = Int(status.code)
            error["innererror"] = ["code": "ResponsibleAIPolicyViolation", "content_filter_result": Self.contentFilterResult(contentFilter)]
        }
        return (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// A refusal by a guard: 400 `content_filter`, with a `content_filter_result` entry naming the Bulwark guard
    /// and its verdict, as Azure OpenAI answers a prompt its content filter blocked.
    static func contentFilter(_ finding: GuardFinding, param: String = "prompt") -> GatewayError {
        var error = GatewayError(.badRequest, code: "content_filter",
                                 "The \(param) was filtered by Bulwark's \(finding.guardName.rawValue.replacingOccurrences(of: "_", with: " ")) guard. Please modify it and retry.")
        error.contentFilter = finding
        error.param = param
        return error
    }

    /// `{"bulwark_<guard>": {"filtered", "detected", "verdict", ...}}`, plus Azure's own `jailbreak` entry for injections.
    static func contentFilterResult(_ finding: GuardFinding) -> [String: Any] {
        var entry: [String: Any] = ["filtered": finding.verdict == .block, "detected": true, "verdict": finding.verdict.rawValue]
        // Signals and kinds help a client fix its prompt; the blocklist's own terms are the operator's and stay in
        // the audit log, so a caller cannot read the list back term by term.
        if finding.guardName != .blocklist { entry["details"] = finding.details }
        if let score = finding.score { entry["score"] = (score * 10000).rounded() / 10000 }
        var result: [String: Any] = ["bulwark_\(finding.guardName.rawValue)": entry]
        if finding.guardName == .promptInjection { result["jailbreak"] = ["filtered": finding.verdict == .block, "detected": true] }
        return result
    }

    static func keyMissing() -> GatewayError {
        GatewayError(.unauthorized, code: "key_missing", "Access denied: send a Bulwark gateway key in the api-key header or as Authorization: Bearer.")
    }
}
