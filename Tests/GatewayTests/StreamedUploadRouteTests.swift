import AsyncHTTPClient
import Foundation
import GatewayTesting
import NIOCore
import Synchronization
import Testing

/// An upload the test client sends only as it is pulled: `head` (the fields before the file and the file's part
/// header), `fileBytes` of file content in 64 KiB chunks, then `tail` (what follows the file, up to the closing
/// delimiter). Once `pauseAfter` bytes are out it waits, up to 30 s, for `proceed`, and notes whether it came: a
/// gateway that held the whole upload before forwarding it would never let the upstream see a byte by then.
struct PacedUpload: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    static let boundary = "bulwark-test-boundary"
    static let contentType = "multipart/form-data; boundary=\(boundary)"
    static let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024)

    let head: ByteBuffer
    let fileBytes: Int
    let tail: ByteBuffer
    var pauseAfter = Int.max
    var proceed: @Sendable () -> Bool = { true }
    /// Whether `proceed` came while the client was paused; nil when it never paused.
    let proceeded = Proceeded()

    final class Proceeded: Sendable {
        let value = Mutex<Bool?>(nil)
    }

    /// A form of `before` fields, one file part of `fileBytes` bytes (none when nil), then `after` fields.
    init(before: [(String, String)], file: String? = "file", fileBytes: Int, after: [(String, String)] = []) {
        func fields(_ fields: [(String, String)]) -> String {
            fields.map { "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
        }
        let fileHead = file.map {
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\($0)\"; filename=\"big.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        }
        head = ByteBuffer(string: fields(before) + (fileHead ?? ""))
        self.fileBytes = file == nil ? 0 : fileBytes
        tail = ByteBuffer(string: (file == nil ? "" : "\r\n") + fields(after) + "--\(Self.boundary)--\r\n")
    }

    var length: Int { head.readableBytes + fileBytes + tail.readableBytes }

    func makeAsyncIterator() -> Iterator { Iterator(upload: self) }

    struct Iterator: AsyncIteratorProtocol {
        let upload: PacedUpload
        var sentFile = 0
        var sent = 0
        var stage = 0

        mutating func next() async -> ByteBuffer? {
            if sent >= upload.pauseAfter, upload.proceeded.value.withLock({ $0 == nil }) {
                var came = upload.proceed()
                for _ in 0..<3000 where !came {
                    try? await Task.sleep(for: .milliseconds(10))
                    came = upload.proceed()
                }
                upload.proceeded.value.withLock { $0 = came }
            }
            let chunk: ByteBuffer?
            switch stage {
            case 0:
                stage = 1
                chunk = upload.head
            case 1 where sentFile < upload.fileBytes:
                let size = Swift.min(PacedUpload.chunk.readableBytes, upload.fileBytes - sentFile)
                sentFile += size
                chunk = PacedUpload.chunk.getSlice(at: 0, length: size)
            case 1:
                stage = 2
                chunk = upload.tail
            default: chunk = nil
            }
            sent += chunk?.readableBytes ?? 0
            return chunk
        }
    }

    /// Sends the upload to `path` on the gateway with `key`; with its length, or chunked.
    func send(to gateway: RouteTestGateway, _ path: String, key: String, chunked: Bool = false) async throws -> (status: Int, body: String)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(gateway.port)\(path)")
        request.method = .POST
        request.headers.add(name: "api-key", value: key)
        request.headers.add(name: "content-type", value: Self.contentType)
        request.body = .stream(self, length: chunked ? .unknown : .known(Int64(length)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}

/// Serialized: each test moves megabytes through a debug build, and together they would starve the suites beside them.
@Suite("Uploads streamed through the gateway", .serialized)
struct StreamedUploadRouteTests {
    static let transcriptions = "/openai/v1/audio/transcriptions"

    @Test("a 50 MB transcription reaches the upstream while the client is still sending, whole, with the client's length")
    func streamsLargeUpload() async throws {
        try await RouteTestGateway.run(
            auditContent: "full", maxBodyBytes: 64 << 20,
            audit: { records in
                let record = try #require(records.first { $0["operation"] as? String == "audio" })
                #expect(record["status"] as? Int == 200)
                #expect(record["audioSeconds"] as? Double == 3)
                #expect(record["prompt"] as? String == "model=whisper\nfile=<file big.wav>", "fields and the file's name, not its bytes")
            }
        ) { gateway in
            let key = try gateway.key(["whisper"])
            var upload = PacedUpload(before: [("model", "whisper")], fileBytes: 50_000_000)
            upload.pauseAfter = 4 << 20
            upload.proceed = { gateway.upstream.uploadBytes.withLock { $0 } > 0 }
            let answer = try await upload.send(to: gateway, Self.transcriptions, key: key)
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""text":"hello""#))
            #expect(upload.proceeded.value.withLock { $0 } == true, "the upstream had bytes before the client sent its fifth MiB")
            #expect(gateway.upstream.uploadBytes.withLock { $0 } == upload.length)
            let sent = try #require(gateway.upstream.received.withLock { $0.last })
            #expect(sent.headers["content-length"] == "\(upload.length)")
            #expect(sent.body.hasPrefix(String(buffer: upload.head)), "the start is passed on as the client sent it")
        }
    }

    @Test("a chunked upload (no length) is streamed chunked, whole")
    func streamsChunkedUpload() async throws {
        try await RouteTestGateway.run(maxBodyBytes: 16 << 20) { gateway in
            let key = try gateway.key(["whisper"])
            let upload = PacedUpload(before: [("model", "whisper"), ("language", "en")], fileBytes: 2_000_000)
            let answer = try await upload.send(
                to: gateway, "/openai/deployments/whisper/audio/translations?api-version=2024-06-01", key: key, chunked: true)
            #expect(answer.status == 200)
            #expect(gateway.upstream.uploadBytes.withLock { $0 } == upload.length)
            #expect(gateway.upstream.received.withLock { $0.last?.headers["content-length"] } == nil)
        }
    }

    @Test("a file sent before the model is held within the window and routed; past the window it is a 400 before the upstream")
    func fileFirst() async throws {
        try await RouteTestGateway.run(maxBodyBytes: 16 << 20) { gateway in
            let key = try gateway.key(["whisper"])
            let small = PacedUpload(before: [], fileBytes: 100_000, after: [("model", "whisper")])
            let held = try await small.send(to: gateway, Self.transcriptions, key: key)
            #expect(held.status == 200)
            #expect(gateway.upstream.uploadBytes.withLock { $0 } == small.length)
            #expect(gateway.upstream.received.withLock { $0.last?.body.contains("name=\"model\"\r\n\r\nwhisper") } == true)
            let before = gateway.forwarded
            let large = PacedUpload(before: [], fileBytes: 2 << 20, after: [("model", "whisper")])
            let refused = try await large.send(to: gateway, Self.transcriptions, key: key)
            #expect(refused.status == 400)
            #expect(refused.body.contains("missing_model") && refused.body.contains("before the file"))
            #expect(gateway.forwarded == before)
        }
    }

    @Test("an upload passing the size limit mid-stream is refused with 413, the upstream request aborted, and recorded so")
    func capMidStream() async throws {
        try await RouteTestGateway.run(
            maxBodyBytes: 8 << 20,
            audit: { records in
                let record = try #require(records.first { $0["operation"] as? String == "audio" })
                #expect(record["status"] as? Int == 413)
                #expect(record["decision"] as? String == "body_too_large")
                #expect(record["upstream"] == nil && record["totalTokens"] == nil && record["audioSeconds"] == nil)
            }
        ) { gateway in
            let key = try gateway.key(["whisper"])
            let upload = PacedUpload(before: [("model", "whisper")], fileBytes: 12_000_000)
            let answer = try await upload.send(to: gateway, Self.transcriptions, key: key)
            #expect(answer.status == 413)
            #expect(answer.body.contains("body_too_large"))
            let counted = gateway.upstream.uploadBytes.withLock { $0 }
            #expect(counted > 0 && counted <= 8 << 20, "the upload was streaming when the limit cut it; never more than the limit")
            #expect(gateway.forwarded == 0, "the upstream never received a whole request")
        }
    }

    @Test("the guards mask a prompt in a streamed upload's start, and the length sent upstream follows the change")
    func guardsStart() async throws {
        try await RouteTestGateway.run(guards: "          personalData: mask", maxBodyBytes: 16 << 20) { gateway in
            let key = try gateway.key(["whisper"])
            let upload = PacedUpload(before: [("prompt", "names like jane.doe@example.com")], fileBytes: 2_000_000)
            let answer = try await upload.send(
                to: gateway, "/openai/deployments/whisper/audio/transcriptions?api-version=2024-06-01", key: key)
            #expect(answer.status == 200)
            let sent = try #require(gateway.upstream.received.withLock { $0.last })
            #expect(!sent.body.contains("jane.doe@example.com"))
            #expect(sent.headers["content-length"] == "\(gateway.upstream.uploadBytes.withLock { $0 })")
            #expect(sent.headers["content-length"] != "\(upload.length)", "the masked prompt changed the length")
        }
    }

    @Test("with guards on, a prompt sent after the window ends the upload with a 400; without guards it passes")
    func lateGuardedField() async throws {
        let upload = PacedUpload(before: [("model", "whisper")], fileBytes: 2 << 20, after: [("prompt", "a late prompt")])
        try await RouteTestGateway.run(guards: "          personalData: mask", maxBodyBytes: 16 << 20) { gateway in
            let answer = try await upload.send(to: gateway, Self.transcriptions, key: try gateway.key(["whisper"]))
            #expect(answer.status == 400)
            #expect(answer.body.contains("invalid_multipart") && answer.body.contains("'prompt'"))
            #expect(gateway.upstream.uploadBytes.withLock { $0 } > 0, "refused mid-stream")
            #expect(gateway.forwarded == 0)
        }
        try await RouteTestGateway.run(maxBodyBytes: 16 << 20) { gateway in
            let answer = try await upload.send(to: gateway, Self.transcriptions, key: try gateway.key(["whisper"]))
            #expect(answer.status == 200)
        }
    }

    @Test(
        "an upstream that answers while the upload is still coming is relayed, and the gateway keeps serving the connection",
        arguments: [200, 401])
    func upstreamAnswersEarly(status: Int) async throws {
        // The upstream answers before the upload ends, so the gateway's response can be complete while its writer
        // still waits for the client's next chunk (a 200 keeps the upstream reading; after a 401 the HTTP client stops
        // sending). Hummingbird then reads the rest of the client's body itself: the two must never wait on the
        // connection at once (NIO traps on that, ending the process).
        try await RouteTestGateway.run(maxBodyBytes: 64 << 20) { gateway in
            let key = try gateway.key(["whisper"])
            for _ in 0..<3 {
                if status == 200 {
                    gateway.upstream.answersBeforeUpload.withLock { $0 = 1 }
                } else {
                    gateway.upstream.failures.withLock { $0 = [status] }
                }
                let answer = try await PacedUpload(before: [("model", "whisper")], fileBytes: 8_000_000)
                    .send(to: gateway, Self.transcriptions, key: key)
                #expect(answer.status == status)
                #expect(answer.body.contains(status == 200 ? "early" : "scripted failure"))
            }
            let whole = PacedUpload(before: [("model", "whisper")], fileBytes: 3_000_000)
            let answer = try await whole.send(to: gateway, Self.transcriptions, key: key)
            #expect(answer.status == 200)
            #expect(gateway.upstream.uploadBytes.withLock { $0 } == whole.length)
        }
    }

    @Test("a large file upload is streamed; a batch file is held whole and each line authorised, past the window too")
    func fileUploads() async throws {
        try await RouteTestGateway.run(maxBodyBytes: 16 << 20) { gateway in
            let key = try gateway.key(["gpt-4o"])
            let data = PacedUpload(before: [("purpose", "assistants")], fileBytes: 2_000_000)
            let stored = try await data.send(to: gateway, "/openai/v1/files", key: key)
            #expect(stored.status == 200)
            #expect(stored.body.contains("\"bytes\":\(data.length)"))
            let line = #"{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[]}}"# + "\n"
            let lines = String(repeating: line, count: (2 << 20) / line.utf8.count)
            let forbidden = #"{"custom_id":"2","method":"POST","url":"/v1/chat/completions","body":{"model":"other-model"}}"#
            let batch = Self.form([("purpose", "batch")], file: lines + forbidden)
            let before = gateway.forwarded
            let refused = try await gateway.call(.post, "/openai/v1/files", key: key, body: batch, contentType: PacedUpload.contentType)
            #expect(refused.status == 403, "the last line, past the window, names a deployment the key lacks")
            #expect(gateway.forwarded == before)
            let allowed = try await gateway.call(
                .post, "/openai/v1/files", key: key, body: Self.form([("purpose", "batch")], file: lines),
                contentType: PacedUpload.contentType)
            #expect(allowed.status == 200)
        }
    }

    @Test("a form without the deciding field in its start is refused: a file upload with no purpose")
    func missingPurpose() async throws {
        try await RouteTestGateway.run(maxBodyBytes: 16 << 20) { gateway in
            let upload = PacedUpload(before: [], fileBytes: 2 << 20, after: [("purpose", "batch")])
            let answer = try await upload.send(to: gateway, "/openai/v1/files", key: try gateway.key(["gpt-4o"]))
            #expect(answer.status == 400)
            #expect(answer.body.contains("invalid_multipart") && answer.body.contains("'purpose'"))
            #expect(gateway.forwarded == 0)
        }
    }

    /// A whole form of `fields` and a file part holding `file`.
    static func form(_ fields: [(String, String)], file: String) -> ByteBuffer {
        multipart(fields: fields, file: ("file", "input.jsonl", Array(file.utf8)))
    }
}
