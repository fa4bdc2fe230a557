import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The fake's Responses API, images, audio, files and batches: enough of each for the gateway's routes to be proven
/// end to end. Stored objects (responses, files, batches, conversations) are kept in `stored`.
extension FakeUpstream {
    func addStoredObjectRoutes(to router: Router<BasicRequestContext>) {
        for prefix in ["/openai/v1", "/openai"] {
            router.post("\(prefix)/responses") { [self] request, _ in try await createResponse(request) }
            router.get("\(prefix)/responses/{id}") { [self] request, context in try await read(request, context) }
            router.delete("\(prefix)/responses/{id}") { [self] request, context in try await delete(request, context, object: "response") }
            router.post("\(prefix)/responses/{id}/cancel") { [self] request, context in try await read(request, context) }
            router.get("\(prefix)/responses/{id}/input_items") { [self] request, _ in
                try await note(request)
                return Self.json(
                    #"{"object":"list","data":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}"#)
            }
            router.post("\(prefix)/conversations") { [self] request, _ in
                try await note(request)
                return store(prefix: "conv_", #"{"id":"ID","object":"conversation","created_at":0,"metadata":{}}"#)
            }
            router.get("\(prefix)/conversations/{id}") { [self] request, context in try await read(request, context) }
            router.post("\(prefix)/files") { [self] request, _ in
                let (body, bytes) = try await noteUpload(request)
                let purpose = body.contains("name=\"purpose\"\r\n\r\nbatch") ? "batch" : "assistants"
                return store(
                    prefix: "file-",
                    #"{"id":"ID","object":"file","bytes":\#(bytes),"created_at":0,"filename":"input.jsonl","purpose":"\#(purpose)","status":"processed"}"#
                )
            }
            router.get("\(prefix)/files") { [self] request, _ in try await list(request, prefix: "file-") }
            router.get("\(prefix)/files/{id}") { [self] request, context in try await read(request, context) }
            router.get("\(prefix)/files/{id}/content") { [self] request, _ in
                try await note(request)
                return Response(
                    status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(string: "line\n")))
            }
            router.delete("\(prefix)/files/{id}") { [self] request, context in try await delete(request, context, object: "file") }
            router.post("\(prefix)/batches") { [self] request, _ in
                let body = try await note(request)
                let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
                let file = object?["input_file_id"] as? String ?? ""
                return store(
                    prefix: "batch_",
                    #"{"id":"ID","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"\#(file)","completion_window":"24h","status":"validating","created_at":0}"#
                )
            }
            router.post("\(prefix)/vector_stores") { [self] request, _ in
                try await note(request)
                return store(prefix: "vs_", #"{"id":"ID","object":"vector_store","created_at":0,"name":"docs","status":"completed"}"#)
            }
            router.get("\(prefix)/vector_stores") { [self] request, _ in try await list(request, prefix: "vs_") }
            router.get("\(prefix)/vector_stores/{id}") { [self] request, context in try await read(request, context) }
            router.delete("\(prefix)/vector_stores/{id}") { [self] request, context in
                try await delete(request, context, object: "vector_store.deleted")
            }
            router.post("\(prefix)/vector_stores/{id}/files") { [self] request, context in
                let body = try await note(request)
                let file = ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["file_id"] as? String ?? ""
                let store = context.parameters.get("id") ?? ""
                return Self.json(#"{"id":"\#(file)","object":"vector_store.file","vector_store_id":"\#(store)","status":"completed"}"#)
            }
            router.get("\(prefix)/batches") { [self] request, _ in try await list(request, prefix: "batch_") }
            router.get("\(prefix)/batches/{id}") { [self] request, context in try await read(request, context) }
            router.post("\(prefix)/batches/{id}/cancel") { [self] request, context in try await read(request, context) }
        }
        let image: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            try await note(request)
            return Self.json(
                #"{"created":0,"data":[{"url":"https://images.example/1.png"}],"usage":{"input_tokens":4,"output_tokens":10,"total_tokens":14}}"#
            )
        }
        let transcription: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            // A refusal comes as soon as the headers are in, as Azure's does (a bad key, a full quota), while the
            // upload is still being sent.
            if let failure = scriptedFailure() { return failure }
            let early = answersBeforeUpload.withLock { count in
                defer { count = Swift.max(count - 1, 0) }
                return count > 0
            }
            if early { return Self.json(#"{"text":"early","usage":{"type":"duration","seconds":1}}"#) }
            _ = try await noteUpload(request)
            return Self.json(#"{"text":"hello","usage":{"type":"duration","seconds":3}}"#)
        }
        let speech: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            try await note(request)
            let audio = ByteBuffer(bytes: [0x49, 0x44, 0x33, 0x04, 0x00, 0xFF, 0xFB])
            return Response(status: .ok, headers: [.contentType: "audio/mpeg"], body: .init(byteBuffer: audio))
        }
        for base in ["/openai/v1", "/openai/deployments/{deployment}"] {
            router.post("\(base)/images/generations", use: image)
            router.post("\(base)/images/edits", use: image)
            router.post("\(base)/audio/transcriptions", use: transcription)
            router.post("\(base)/audio/translations", use: transcription)
            router.post("\(base)/audio/speech", use: speech)
        }
    }

    /// Records the request as received; returns its body.
    @discardableResult
    func note(_ request: Request) async throws -> String {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        received.withLock { $0.append(Received(path: request.uri.description, headers: headers, body: String(buffer: body))) }
        return String(buffer: body)
    }

    /// Records an upload as received, counting its bytes as they arrive (``uploadBytes``) and keeping its first MiB as
    /// its body, however large it is; returns that MiB as text and the whole count.
    func noteUpload(_ request: Request) async throws -> (body: String, bytes: Int) {
        var kept = ByteBuffer()
        var total = 0
        uploadBytes.withLock { $0 = 0 }
        for try await chunk in request.body {
            total += chunk.readableBytes
            uploadBytes.withLock { $0 = total }
            if kept.readableBytes < 1 << 20 { kept.writeImmutableBuffer(chunk) }
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let received = Received(path: request.uri.description, headers: headers, body: String(buffer: kept))
        self.received.withLock { $0.append(received) }
        return (received.body, total)
    }

    /// A Responses create: the text "Hello" as JSON, or as the typed events of a stream, with usage.
    func createResponse(_ request: Request) async throws -> Response {
        let body = try await note(request)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        let model = object["model"] as? String ?? ""
        let number = created.withLock { count in
            count += 1
            return count
        }
        let id = "resp_\(idTag)\(number)"
        let message =
            #"{"type":"message","id":"msg_\#(number)","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello","annotations":[]}]}"#
        func response(_ status: String, output: String, usage: String?) -> String {
            #"{"id":"\#(id)","object":"response","created_at":0,"status":"\#(status)","model":"\#(model)","output":[\#(output)],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]\#(usage.map { ",\"usage\":\($0)" } ?? "")}"#
        }
        let whole = response("completed", output: message, usage: #"{"input_tokens":5,"output_tokens":2,"total_tokens":7}"#)
        stored.withLock { $0[id] = whole }
        guard object["stream"] as? Bool == true else { return Self.json(whole) }
        let events: [(String, String)] = [
            (
                "response.created",
                #"{"type":"response.created","sequence_number":0,"response":\#(response("in_progress", output: "", usage: nil))}"#
            ),
            (
                "response.output_text.delta",
                #"{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_\#(number)","output_index":0,"content_index":0,"delta":"Hel"}"#
            ),
            (
                "response.output_text.delta",
                #"{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_\#(number)","output_index":0,"content_index":0,"delta":"lo"}"#
            ),
            ("response.completed", #"{"type":"response.completed","sequence_number":3,"response":\#(whole)}"#),
        ]
        let chunks = events.map { ByteBuffer(string: "event: \($0.0)\ndata: \($0.1)\n\n") }
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody(asyncSequence: chunks.async))
    }

    private func store(prefix: String, _ template: String) -> Response {
        let number = created.withLock { count in
            count += 1
            return count
        }
        let id = "\(prefix)\(idTag)\(number)"
        let json = template.replacingOccurrences(of: "\"ID\"", with: "\"\(id)\"")
        stored.withLock { $0[id] = json }
        return Self.json(json)
    }

    private func read(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try await note(request)
        guard let id = context.parameters.get("id"), let json = stored.withLock({ $0[id] }) else { return Self.notFound() }
        return Self.json(json)
    }

    private func delete(_ request: Request, _ context: BasicRequestContext, object: String) async throws -> Response {
        try await note(request)
        guard let id = context.parameters.get("id"), stored.withLock({ $0.removeValue(forKey: id) }) != nil else { return Self.notFound() }
        return Self.json(#"{"id":"\#(id)","object":"\#(object)","deleted":true}"#)
    }

    /// Every stored object whose id has `prefix`, whoever created it: the upstream knows no owners.
    private func list(_ request: Request, prefix: String) async throws -> Response {
        try await note(request)
        let items = stored.withLock { $0.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.map(\.value) }
        return Self.json(#"{"object":"list","data":[\#(items.joined(separator: ","))],"has_more":false}"#)
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func notFound() -> Response {
        Response(
            status: .notFound, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"not_found","message":"no such object"}}"#)))
    }
}
