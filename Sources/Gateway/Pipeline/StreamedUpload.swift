import Hummingbird
import NIOCore

/// An upload too large to hold, on its way through the pipeline: the start of its form is the exchange's `body` (the
/// steps read its fields there, and the guards may rewrite them); the rest is still with the client and is passed on
/// to the upstream as it arrives, checked by a ``CheckedUploadBody`` that carries on the reader's place in the form.
struct StreamedUpload: Sendable {
    /// The client's body after the start: the same iterator that read the start, lent to the upstream request's writer
    /// and taken back (``returnBody()``) before the handler's response ends.
    let rest: LentBody<RequestBody.AsyncIterator>
    /// The form as read so far: it continues with the first byte of `rest`.
    let reader: MultipartStreamReader
    /// The bytes of the client's body in the start, before any step rewrote it.
    let startBytes: Int
    /// The client's `Content-Length`, when it sent one (a chunked upload has none).
    let clientLength: Int?
    /// Set by `PromptGuarding` when guards apply: a guarded field (`prompt`) that arrives only after the start can no
    /// longer be checked before its bytes are passed on, so it ends the upload with a 400.
    var refusesLateGuardedFields = false

    /// The fields the guards read, by name.
    static let guardedFields: Set<String> = ["prompt"]

    /// The length of the body sent upstream when the start is `start`: the client's length, with the start's change.
    func upstreamLength(start: ByteBuffer) -> Int? {
        clientLength.map { $0 - startBytes + start.readableBytes }
    }

    /// What the upstream is sent: `start`, then the rest as it arrives, within `maximumBytes` of the client's body
    /// (413 beyond), refused mid-way (and the upstream request aborted) when the form stops being readable or a late
    /// field may not pass.
    func body(start: ByteBuffer, maximumBytes: Int) -> ResumedBody<CheckedUploadBody<LentBody<RequestBody.AsyncIterator>>.AsyncIterator> {
        let refusesLateFields = refusesLateGuardedFields
        let checked = CheckedUploadBody(
            base: rest, reader: reader, maximumBytes: maximumBytes, alreadyReceived: startBytes
        ) { event throws(GatewayError) in
            guard refusesLateFields, case .field(let name, _) = event, Self.guardedFields.contains(name) else { return }
            throw GatewayError(
                .badRequest, code: .invalidMultipart,
                "The form field '\(name)' comes after the first \(startBytes) bytes of the upload, where the prompt guards cannot "
                    + "check it before it is passed on; send text fields before the file.")
        }
        return ResumedBody(prefix: [start], rest: checked.makeAsyncIterator())
    }

    /// Takes the client's body back from the upstream request's writer, waiting for a read in progress: called before
    /// the response ends, since Hummingbird then reads what is left of the body itself.
    func returnBody() async { await rest.takeBack() }
}
