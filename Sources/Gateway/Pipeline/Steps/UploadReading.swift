import HTTPTypes
import Hummingbird
import NIOCore

/// Step 3 for uploads (image edits, audio, file uploads): the start of the form, read until it has passed `window`
/// bytes and stands inside a file, or until the form ends. A form that ends there is held whole, as any body is;
/// otherwise the steps read the fields of its start (the deciding ones, `model` on v1 and `purpose` for files, must be
/// there: the openai SDK sends its fields before the file), and the rest is passed on as it arrives
/// (``StreamedUpload``), so memory is bounded by the window and not by the upload. A batch file (`purpose=batch`) is
/// held whole, because its lines are authorised one by one before it is sent.
struct UploadReading: Sendable {
    /// The configured body size limit: the most bytes of the client's body, held or streamed (413 beyond).
    let maximumBytes: Int
    /// How much of an upload is read before deciding.
    let window: Int

    /// The default window: 1 MiB.
    static let defaultWindow = 1 << 20

    /// True for an upload: a call whose body is a form (image edits, audio), or a file upload.
    static func isUpload(_ exchange: InferenceExchange) -> Bool {
        if exchange.endpoint?.body == .multipart { return true }
        guard let object = exchange.object else { return false }
        return object.kind == .file && object.action == .create
    }

    /// The field an upload's route needs from its form to decide: `model` on the v1 upload routes (the deployment),
    /// `purpose` for file uploads (a batch file is held whole); none on the deployment routes.
    static func decidingField(of exchange: InferenceExchange) -> String? {
        if exchange.object != nil { return "purpose" }
        if case .v1 = exchange.routeKind { return "model" }
        return nil
    }

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let contentType = exchange.request.headers[.contentType]
        var reader: MultipartStreamReader
        do { reader = try MultipartStreamReader(contentType: contentType) } catch { throw Self.unreadable(error) }
        var iterator = exchange.request.body.makeAsyncIterator()
        var start = ByteBuffer()
        var events: [MultipartStreamReader.Event] = []
        // Past the window, the reader finishes the field or header block it is in; each is bounded by its own limit.
        let hardStop = window + reader.fieldLimit + reader.headerLimit
        while !(start.readableBytes >= window && reader.isInsideFile) {
            guard let chunk = try await Self.next(&iterator) else {
                do { try reader.finish() } catch { throw Self.unreadable(error) }
                exchange.body = start
                return
            }
            try add(chunk, to: &start)
            do { events += try reader.feed(chunk) } catch { throw Self.unreadable(error) }
            guard start.readableBytes <= hardStop || reader.isInsideFile || reader.isComplete else {
                throw GatewayError(
                    .badRequest, code: .invalidMultipart,
                    "The form's fields take more than the first \(hardStop) bytes of the upload; send the file after at most \(window) bytes of fields."
                )
            }
        }
        var deciding: String?
        if let field = Self.decidingField(of: exchange) {
            for case .field(let name, let text) in events where name == field {
                deciding = text
                break
            }
            guard let deciding, !deciding.isEmpty else { throw Self.missing(field, window: window) }
        }
        if exchange.object != nil, deciding == "batch" {
            // Its lines are authorised one by one (`BatchInputAuthorisation`): held whole, within the size limit.
            while let chunk = try await Self.next(&iterator) { try add(chunk, to: &start) }
            exchange.body = start
            return
        }
        let length = exchange.request.headers[.contentLength].flatMap { Int($0) }
        exchange.upload = StreamedUpload(
            rest: LentBody(iterator), reader: reader, startBytes: start.readableBytes, clientLength: length)
        exchange.body = start
    }

    /// `chunk` added to `start`, within the size limit.
    private func add(_ chunk: ByteBuffer, to start: inout ByteBuffer) throws(GatewayError) {
        guard start.readableBytes + chunk.readableBytes <= maximumBytes else {
            throw GatewayError(.contentTooLarge, code: .bodyTooLarge, "The request body is larger than \(maximumBytes) bytes.")
        }
        var chunk = chunk
        start.writeBuffer(&chunk)
    }

    private static func next(_ iterator: inout RequestBody.AsyncIterator) async throws(GatewayError) -> ByteBuffer? {
        do { return try await iterator.next() } catch {
            throw GatewayError(.badRequest, code: .invalidMultipart, "The request body could not be read to its end.")
        }
    }

    static func unreadable(_ error: MultipartForm.Malformed) -> GatewayError {
        GatewayError(.badRequest, code: .invalidMultipart, "The request body is not a readable multipart form: \(error.reason).")
    }

    /// The refusal of an upload whose start does not carry the field that decides where it goes.
    static func missing(_ field: String, window: Int) -> GatewayError {
        let placement = "before the file, within the first \(window) bytes of the upload"
        if field == "model" {
            return GatewayError(.badRequest, code: .missingModel, "The request body must name the deployment in 'model', \(placement).")
        }
        return GatewayError(.badRequest, code: .invalidMultipart, "The form must carry '\(field)' \(placement).")
    }
}
