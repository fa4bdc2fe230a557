import Foundation
import HTTPTypes
import NIOCore
import PromptGuards

extension PromptGuarding {
    /// True when the request says it is `multipart/form-data` (a file upload).
    static func isMultipart(_ exchange: InferenceExchange) -> Bool {
        exchange.request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// The text fields of an upload (`prompt` of an image edit or a transcription) are guarded as the user's text; a
    /// redacted field is written back into the form, every other part (the image, the audio) byte for byte. A streamed
    /// upload's fields are those of its start.
    func guardForm(_ exchange: inout InferenceExchange, engine: GuardEngine) async throws(GatewayError) {
        // What arrives after a streamed upload's start cannot be rewritten before it is passed on: a guarded field there
        // ends the upload.
        exchange.upload?.refusesLateGuardedFields = true
        var form = try exchange.form()
        let guarded = form.parts.indices.filter { form.parts[$0].name == "prompt" && form.parts[$0].text != nil }
        guard !guarded.isEmpty else { return }
        let check = engine.checkPrompt(guarded.map { GuardedMessage(role: .user, text: form.parts[$0].text ?? "") })
        for finding in check.findings {
            exchange.record.guards.append(finding.auditDescription)
            metrics.recordGuard(finding.guardName.rawValue, verdict: finding.verdict.rawValue)
        }
        await abuse?.record(check.findings, identity: exchange.authenticated().owner)
        if let blocking = check.blocking { throw GatewayError.contentFilter(blocking) }
        guard !check.rewritten.isEmpty else { return }
        for (index, text) in check.rewritten { form.parts[guarded[index]].content = Array(text.utf8) }
        exchange.body = ByteBuffer(bytes: form.serialised())
    }
}
