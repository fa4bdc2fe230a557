import AsyncHTTPClient
import Foundation
@testable import Gateway
@testable import GatewayConfig
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// An upload the client produces only as it is pulled: the form's head and a first chunk of the file, then (once
/// `resume` says so) the rest of the file and the closing delimiter.
struct PulledUpload: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    static let head = ByteBuffer(
        string: "--b0und\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n"
            + "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n\r\n")
    static let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024)
    static let tail = ByteBuffer(string: "\r\n--b0und--\r\n")

    let chunks: Int
    /// Waited for after the first chunk of the file.
    let resume: AsyncStream<Void>

    var length: Int { Self.head.readableBytes + chunks * Self.chunk.readableBytes + Self.tail.readableBytes }

    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks, resume: resume.makeAsyncIterator()) }

    struct Iterator: AsyncIteratorProtocol {
        let chunks: Int
        var resume: AsyncStream<Void>.AsyncIterator
        var sent = -1

        mutating func next() async -> ByteBuffer? {
            defer { sent += 1 }
            if sent == -1 { return PulledUpload.head }
            if sent == 1 { _ = await resume.next() }
            if sent < chunks { return PulledUpload.chunk }
            return sent == chunks ? PulledUpload.tail : nil
        }
    }
}

/// What the counting upstream and the checked body saw.
final class UploadProbe: Sendable {
    /// The bytes the upstream has received so far.
    let counted = Mutex(0)
    /// The form's events, as the gateway side read them.
    let events = Mutex<[MultipartStreamReader.Event]>([])
}

@Suite("Uploads passed on as they arrive")
struct CheckedUploadBodyTests {
    static let contentType = "multipart/form-data; boundary=b0und"

    /// An upstream that counts the bytes of each upload as they arrive and says when the first ones came.
    static func withCountingUpstream(_ body: @Sendable (Int, AsyncStream<Void>, UploadProbe) async throws -> Void) async throws {
        let (firstBytes, signal) = AsyncStream<Void>.makeStream()
        let probe = UploadProbe()
        let router = Router(context: BasicRequestContext.self)
        router.post("upload") { request, _ -> String in
            var total = 0
            for try await chunk in request.body {
                if total == 0 { signal.yield() }
                total += chunk.readableBytes
                probe.counted.withLock { $0 = total }
            }
            return "\(total) \(request.headers[.contentLength] ?? "-")"
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body(try #require(client.port), firstBytes, probe)
        }
    }

    /// A POST of `base` through a checked body to the counting upstream.
    static func upload<Base: AsyncSequence & Sendable>(
        _ base: Base, length: Int?, maximumBytes: Int, port: Int, probe: UploadProbe
    ) throws -> HTTPClientRequest where Base.Element == ByteBuffer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/upload")
        request.method = .POST
        let body = CheckedUploadBody(base: base, reader: try MultipartStreamReader(contentType: contentType), maximumBytes: maximumBytes) {
            event in probe.events.withLock { $0.append(event) }
        }
        request.body = .stream(body, length: length.map { .known(Int64($0)) } ?? .unknown)
        return request
    }

    /// The `GatewayError` that `execute` failed with.
    static func refusal(_ request: HTTPClientRequest) async throws -> GatewayError? {
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            Issue.record("the upstream answered \(response.status) to a refused upload")
            return nil
        } catch let error as GatewayError {
            return error
        }
    }

    @Test("a 50 MB upload reaches the upstream while the client is still sending, whole, with its content-length")
    func streams() async throws {
        try await Self.withCountingUpstream { port, firstBytes, probe in
            // The client sends the rest only once the upstream has its first bytes: a body read whole first never gets there.
            let source = PulledUpload(chunks: 800, resume: firstBytes)
            let response = try await HTTPClient.shared.execute(
                try Self.upload(source, length: source.length, maximumBytes: 64 << 20, port: port, probe: probe), timeout: .seconds(60))
            let answer = String(buffer: try await response.body.collect(upTo: 1024))
            #expect(answer == "\(source.length) \(source.length)")
            #expect(
                probe.events.withLock { $0 } == [
                    .field(name: "model", text: "whisper"), .fileStarted(name: "file", filename: "big.wav"),
                    .fileEnded(name: "file", bytes: 800 * 64 * 1024),
                ])
        }
    }

    @Test("an upload passing the size cap mid-stream aborts the upstream request with a 413 body_too_large")
    func capMidStream() async throws {
        try await Self.withCountingUpstream { port, firstBytes, probe in
            let source = PulledUpload(chunks: 800, resume: firstBytes)
            let error = try await Self.refusal(
                try Self.upload(source, length: source.length, maximumBytes: 1 << 20, port: port, probe: probe))
            #expect(error?.status == .contentTooLarge)
            #expect(error?.code == .bodyTooLarge)
            #expect(probe.counted.withLock { $0 } <= 1 << 20, "the upstream never got more than the cap")
            #expect(probe.events.withLock { $0 }.contains(.fileStarted(name: "file", filename: "big.wav")))
        }
    }

    @Test("a form that turns out unreadable at its end fails the request with a 400 invalid_multipart")
    func unreadableAtEnd() async throws {
        try await Self.withCountingUpstream { port, _, probe in
            let (parts, writer) = AsyncStream<ByteBuffer>.makeStream()
            writer.yield(PulledUpload.head)
            writer.yield(ByteBuffer(string: "RIFF"))
            writer.finish()
            let error = try await Self.refusal(try Self.upload(parts, length: nil, maximumBytes: 1 << 20, port: port, probe: probe))
            #expect(error?.status == .badRequest)
            #expect(error?.code == .invalidMultipart)
        }
    }

    @Test("a streamed upload refused mid-way reaches the client as that refusal, and the upstream is not counted as failing")
    func refusalThroughRouting() async throws {
        try await Self.withCountingUpstream { port, firstBytes, probe in
            let upstream = GatewayConfiguration.Upstream(
                name: "fake", endpoint: try #require(URL(string: "http://127.0.0.1:\(port)")), region: "westeurope",
                deployments: ["whisper"],
                authentication: .apiKey(environmentVariable: "UPSTREAM_KEY"), timeout: 60)
            let breakers = CircuitBreakers(threshold: 1)
            let routing = UpstreamRouting(
                forwarder: UpstreamForwarder(
                    clients: UpstreamClients(shared: .shared), environment: ["UPSTREAM_KEY": "upstream-secret"], credentials: [:],
                    logger: Logger(label: "test")),
                breakers: breakers, metrics: GatewayMetrics(), logger: Logger(label: "test"))
            let source = PulledUpload(chunks: 800, resume: firstBytes)
            let body = CheckedUploadBody(
                base: source, reader: try MultipartStreamReader(contentType: Self.contentType), maximumBytes: 1 << 20,
                events: { event in probe.events.withLock { $0.append(event) } })
            let request = UpstreamRequest(
                method: .post, path: "/upload", headers: [.contentType: Self.contentType], body: .stream(body, length: source.length))
            do throws(GatewayError) {
                let attempt = try await routing.forward(request, candidates: [upstream])
                Issue.record("the upstream answered \(attempt.response.status) to a refused upload")
            } catch {
                #expect(error.code == .bodyTooLarge)
                #expect(error.status == .contentTooLarge)
            }
            #expect(breakers.admits("fake"), "one refused upload does not open the breaker (threshold 1)")
        }
    }

    @Test("a client's body failing mid-way ends the upload as a 400 of the client's, and the upstream is not counted as failing")
    func clientBodyFails() async throws {
        try await Self.withCountingUpstream { port, _, probe in
            let upstream = GatewayConfiguration.Upstream(
                name: "fake", endpoint: try #require(URL(string: "http://127.0.0.1:\(port)")), region: "westeurope",
                deployments: ["whisper"], authentication: .apiKey(environmentVariable: "UPSTREAM_KEY"), timeout: 60)
            let breakers = CircuitBreakers(threshold: 1)
            let routing = UpstreamRouting(
                forwarder: UpstreamForwarder(
                    clients: UpstreamClients(shared: .shared), environment: ["UPSTREAM_KEY": "upstream-secret"], credentials: [:],
                    logger: Logger(label: "test")),
                breakers: breakers, metrics: GatewayMetrics(), logger: Logger(label: "test"))
            let (parts, writer) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            writer.yield(PulledUpload.head)
            writer.yield(PulledUpload.chunk)
            writer.finish(throwing: CancellationError())
            let body = CheckedUploadBody(
                base: parts, reader: try MultipartStreamReader(contentType: Self.contentType), maximumBytes: 1 << 20,
                events: { event in probe.events.withLock { $0.append(event) } })
            let request = UpstreamRequest(
                method: .post, path: "/upload", headers: [.contentType: Self.contentType], body: .stream(body, length: nil))
            do throws(GatewayError) {
                let attempt = try await routing.forward(request, candidates: [upstream])
                Issue.record("the upstream answered \(attempt.response.status) to a broken upload")
            } catch {
                #expect(error.status == .badRequest)
                #expect(error.message.contains("could not be read to its end"))
            }
            #expect(breakers.admits("fake"), "a client's broken body does not open the breaker (threshold 1)")
        }
    }
}
