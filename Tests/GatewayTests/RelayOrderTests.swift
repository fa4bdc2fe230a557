import AsyncHTTPClient
import BPE
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Synchronization
import GatewayTesting
import Testing

@testable import Gateway
@testable import GatewayConfig

/// What the client side of a relayed answer saw, in order, beside the moment the exchange was recorded.
final class RelayEvents: Sendable {
    let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// The last `Relayed` a relay finished with.
final class RelayedSeen: Sendable {
    let relayed = Mutex<UpstreamForwarder.Relayed?>(nil)
}

/// A response body writer that notes what it is given.
struct NotingWriter: ResponseBodyWriter {
    let events: RelayEvents
    mutating func write(_ buffer: ByteBuffer) async throws { events.add("write \(String(buffer: buffer))") }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws { events.add("finish") }
}

@Suite("Relayed answers")
struct RelayOrderTests {
    static func attempt(headers: HTTPHeaders, chunks: [String]) throws -> UpstreamForwarder.Attempt {
        let upstream = GatewayConfiguration.Upstream(
            name: "fake", endpoint: try #require(URL(string: "http://127.0.0.1:9")), region: "westeurope", deployments: ["gpt-4o"],
            authentication: .apiKey(environmentVariable: "UPSTREAM_KEY"), timeout: 60)
        let body = HTTPClientResponse.Body.stream(chunks.map { ByteBuffer(string: $0) }.async)
        return UpstreamForwarder.Attempt(response: HTTPClientResponse(status: .ok, headers: headers, body: body), upstream: upstream)
    }

    static func relay(
        _ attempt: UpstreamForwarder.Attempt,
        accounting: StreamEventAccounting = StreamEventAccounting(strippingUsage: false, encoding: nil),
        seen: RelayedSeen? = nil
    ) async throws -> (Response, [String]) {
        let events = RelayEvents()
        let response = await UpstreamForwarder.response(from: attempt, accounting: accounting) { relayed, error in
            seen?.relayed.withLock { $0 = relayed }
            events.add(error == nil ? "recorded" : "recorded \(relayed.answeredStatus.map(String.init) ?? "-") after an error")
        }
        try await response.body.write(NotingWriter(events: events))
        return (response, events.all)
    }

    @Test("a small answer with the upstream's length is read whole and recorded, then written in one piece")
    func smallAnswerWhole() async throws {
        let chunks = [#"{"id":"a","#, #""choices":[],"#, #""usage":{"total_tokens":3}}"#]
        let length = chunks.map(\.utf8.count).reduce(0, +)
        let (response, events) = try await Self.relay(
            Self.attempt(headers: ["content-type": "application/json", "content-length": "\(length)"], chunks: chunks))
        #expect(response.status == .ok)
        #expect(response.body.contentLength == length)
        #expect(events == ["recorded", "write \(chunks.joined())", "finish"])
    }

    @Test("an answer over the whole-answer limit keeps the upstream's length, and its last bytes wait until the exchange is recorded")
    func largeAnswerHeldBack() async throws {
        let piece = String(repeating: "x", count: UpstreamForwarder.wholeAnswerLimit / 2)
        let chunks = [piece, piece, "{}"]
        let length = chunks.map(\.utf8.count).reduce(0, +)
        #expect(length > UpstreamForwarder.wholeAnswerLimit)
        let (response, events) = try await Self.relay(
            Self.attempt(headers: ["content-type": "application/json", "content-length": "\(length)"], chunks: chunks))
        #expect(response.body.contentLength == length)
        #expect(events == ["write \(piece)", "write \(piece)", "recorded", "write {}", "finish"])
    }

    @Test("with a token limit, a JSON answer without usage counts no deltas (its reservation stands); a stream counts them")
    func countedOnlyForStreams() async throws {
        let encoding = try BPEEncoding.o200kBase
        for (headers, chunks, counted) in [
            (["content-type": "application/json"], [#"{"id":"a","choices":[{"message":{"content":"Hello there"}}]}"#], nil),
            (
                ["content-type": "text/event-stream"],
                ["data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n", "data: [DONE]\n\n"], Int64(1)
            ),
        ] as [(HTTPHeaders, [String], Int64?)] {
            let seen = RelayedSeen()
            _ = try await Self.relay(
                Self.attempt(headers: headers, chunks: chunks),
                accounting: StreamEventAccounting(strippingUsage: false, encoding: encoding),
                seen: seen)
            #expect(seen.relayed.withLock { $0?.countedCompletionTokens } == counted, "\(headers)")
        }
    }

    @Test("a small answer the upstream breaks off is answered 502 and recorded as such, never relayed truncated")
    func brokenOffAnswer() async throws {
        struct Dropped: Error {}
        let upstream = try Self.attempt(headers: [:], chunks: []).upstream
        let (parts, writer) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        writer.yield(ByteBuffer(string: #"{"id":"#))
        writer.finish(throwing: Dropped())
        let dropped = UpstreamForwarder.Attempt(
            response: HTTPClientResponse(
                status: .ok, headers: ["content-type": "application/json", "content-length": "40"], body: .stream(parts)),
            upstream: upstream)
        let (response, events) = try await Self.relay(dropped)
        #expect(response.status == .badGateway)
        #expect(events.first == "recorded 502 after an error")
        // An answer shorter than its announced length, ended without an error, is broken off too.
        let (short, shortEvents) = try await Self.relay(
            Self.attempt(headers: ["content-type": "application/json", "content-length": "40"], chunks: [#"{"id":"a"}"#]))
        #expect(short.status == .badGateway)
        #expect(shortEvents.first == "recorded 502 after an error")
    }

    @Test("an answer without a length (an event stream, or chunked) is relayed chunk by chunk and ends after the record")
    func streamed() async throws {
        let chunks = ["data: {\"a\":1}\n\n", "data: [DONE]\n\n"]
        let (response, events) = try await Self.relay(Self.attempt(headers: ["content-type": "text/event-stream"], chunks: chunks))
        #expect(response.body.contentLength == nil)
        #expect(events == ["write \(chunks[0])", "write \(chunks[1])", "recorded", "finish"])
        let (chunked, _) = try await Self.relay(Self.attempt(headers: ["content-type": "application/json"], chunks: ["{}"]))
        #expect(chunked.body.contentLength == nil)
    }
}
