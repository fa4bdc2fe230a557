import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
public import Synchronization

/// A fake Azure OpenAI upstream on loopback: answers chat (plain and streamed, with a usage event when the request
/// asks with `stream_options.include_usage`) and embeddings, and records every request it received so tests can
/// prove what was and was not forwarded.
public final class FakeUpstream: Sendable {
    /// One request the fake received.
    public struct Received: Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    public let received = Mutex<[Received]>([])
    /// Statuses to answer with, in order, before answering normally (429s carry `retry-after-ms: 10`).
    public let failures: Mutex<[Int]>
    /// How long to wait before answering anything: a slow upstream.
    public let delay: Duration
    /// Objects the fake stores (responses, files, batches, conversations), by id, as JSON.
    public let stored = Mutex<[String: String]>([:])
    /// The number of objects created so far, for their ids.
    let created = Mutex(0)
    /// Part of every id this fake makes, so that ids are unique across fakes (as an upstream's are) and runs that
    /// share a database never collide.
    let idTag = String(UInt32.random(in: 0...UInt32.max), radix: 16) + "x"
    /// The bytes of the upload being received (a transcription or translation), counted as they arrive.
    public let uploadBytes = Mutex(0)
    /// How many transcriptions to answer (200) as soon as their headers are in, reading the upload only after the
    /// answer: a server may answer before a request ends, and Hummingbird then reads the rest of the body itself.
    public let answersBeforeUpload = Mutex(0)

    public init(failures: [Int] = [], delay: Duration = .zero) {
        self.failures = Mutex(failures)
        self.delay = delay
    }

    /// The next scripted failure (``failures``), if one is left: its status with an Azure-shaped error.
    func scriptedFailure() -> Response? {
        guard let status = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return nil }
        var errorHeaders = HTTPFields()
        errorHeaders[.contentType] = "application/json"
        if status == 429 { errorHeaders[HTTPField.Name("retry-after-ms")!] = "10" }
        return Response(
            status: .init(code: status), headers: errorHeaders,
            body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"\#(status)","message":"scripted failure"}}"#)))
    }

    /// The fake's routes: chat (deployment and v1) and embeddings.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            received.withLock { $0.append(Received(path: request.uri.description, headers: headers, body: String(buffer: body))) }
            if delay > .zero { try await Task.sleep(for: delay) }
            if let failure = scriptedFailure() { return failure }
            if String(buffer: body).contains("\"drop\":true") {
                // Starts a stream, then drops the connection mid-answer.
                return Response(
                    status: .ok, headers: [.contentType: "text/event-stream"],
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"))
                        throw CancellationError()
                    })
            }
            if String(buffer: body).contains("\"dropJSON\":true") {
                // Announces a JSON answer's length, then drops the connection before it is all sent.
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody(contentLength: 200) { writer in
                        try await writer.write(ByteBuffer(string: #"{"id":"chatcmpl-cut","choices":["#))
                        throw CancellationError()
                    })
            }
            if String(buffer: body).contains("\"echo\":true") {
                // Answers with the last message's text: what the upstream was sent, as the model would repeat it.
                let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
                let text = ((object?["messages"] as? [[String: Any]])?.last?["content"] as? String) ?? ""
                let content = String(decoding: try JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
                if String(buffer: body).contains("\"stream\":true") {
                    let chunks = ["data: {\"choices\":[{\"delta\":{\"content\":\(content)}}]}\n\n", "data: [DONE]\n\n"]
                    return Response(
                        status: .ok, headers: [.contentType: "text/event-stream"],
                        body: ResponseBody(asyncSequence: chunks.map { ByteBuffer(string: $0) }.async))
                }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"choices":[{"message":{"role":"assistant","content":\#(content)}}]}"#)))
            }
            if String(buffer: body).contains("\"stream\":true") {
                // As Azure OpenAI streams: the usage event only when the request asked for it.
                let usage = String(buffer: body).contains("\"include_usage\":true")
                let chunks = [
                    "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n",
                    "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n",
                    usage ? "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n" : nil,
                    "data: [DONE]\n\n",
                ].compactMap { $0 }
                var responseHeaders = HTTPFields()
                responseHeaders[.contentType] = "text/event-stream"
                return Response(
                    status: .ok, headers: responseHeaders, body: ResponseBody(asyncSequence: chunks.map { ByteBuffer(string: $0) }.async))
            }
            var responseHeaders = HTTPFields()
            responseHeaders[.contentType] = "application/json"
            return Response(
                status: .ok, headers: responseHeaders,
                body: .init(
                    byteBuffer: ByteBuffer(
                        string:
                            #"{"id":"chatcmpl-1","choices":[{"message":{"role":"assistant","content":"Hello"}}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}"#
                    )))
        }
        router.post("/openai/deployments/{deployment}/chat/completions", use: handler)
        router.post("/openai/deployments/{deployment}/embeddings", use: handler)
        router.post("/openai/v1/chat/completions", use: handler)
        router.post("/models/chat/completions", use: handler)
        addStoredObjectRoutes(to: router)
        return router
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence, for streamed fake responses.
    public var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
