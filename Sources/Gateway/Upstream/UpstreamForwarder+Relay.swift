import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import PromptGuards

extension UpstreamForwarder {
    /// What the relayed answer said, for metrics and the audit log.
    struct Relayed: Sendable {
        var usage: TokenUsage?
        /// The completion text, when content capture was asked for.
        var completion: String? = nil
        /// The guard finding that withheld (part of) the completion.
        var filtered: GuardFinding? = nil
        /// Completion tokens counted from the relayed events, when a token limit applies and the answer streamed:
        /// what settles a stream that ends without usage.
        var countedCompletionTokens: Int64? = nil
        /// The status the client was answered when it is not the upstream's: 502 for a whole answer that broke off
        /// before it was relayed. Settlement still counts the upstream's status (a JSON answer cut keeps its
        /// reservation); the ledger, metrics, log line and audit record show this one.
        var answeredStatus: Int? = nil
    }

    /// The largest plain answer of known length that is read whole before the response starts (see
    /// ``response(from:captureCompletion:completionGuard:restoring:accounting:observing:finished:)``): a chat
    /// completion or a few embeddings. Larger ones are relayed as they arrive, so a request holds at most this much.
    static let wholeAnswerLimit = 64 * 1024

    /// The response to the client: the upstream's status and headers (hop-by-hop ones dropped) and its body,
    /// relayed chunk by chunk. `finished` runs once the body has been relayed, before the response ends, with
    /// the token usage the upstream reported (and the completion text when `captureCompletion`); or, when the
    /// upstream or the client dropped, with the error and what was relayed until then.
    ///
    /// A plain answer of known length up to ``wholeAnswerLimit`` is read whole first, and `finished` runs before
    /// the response is returned: its head and body then leave in one write, where a relayed body costs a write (and
    /// the client a read) of its own. If the upstream breaks it off, the client is answered 502.
    static func response(
        from attempt: Attempt, captureCompletion: Bool = false, completionGuard: GuardEngine? = nil,
        restoring placeholders: PlaceholderTable? = nil,
        accounting: StreamEventAccounting = StreamEventAccounting(strippingUsage: false, encoding: nil),
        observing: (@Sendable (ByteBuffer) -> Void)? = nil,
        finished: @escaping @Sendable (Relayed, (any Error)?) async -> Void
    ) async -> Response {
        var responseHeaders = HTTPFields()
        for (name, value) in attempt.response.headers where !droppedResponseHeaders.contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { responseHeaders.append(HTTPField(name: fieldName, value: value)) }
        }
        let upstreamBody = attempt.response.body
        let isEventStream = attempt.response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream") ?? false
        let guarded = attempt.response.status == .ok ? completionGuard : nil
        // An answer relayed byte for byte keeps the upstream's length: the client gets it without chunked framing,
        // and its end costs no write of its own.
        let unchangedLength =
            guarded == nil && placeholders == nil && !isEventStream
            ? attempt.response.headers.first(name: "content-length").flatMap(Int.init).flatMap { $0 >= 0 ? $0 : nil } : nil
        let status = HTTPResponse.Status(code: Int(attempt.response.status.code), reasonPhrase: attempt.response.status.reasonPhrase)
        if let length = unchangedLength, length <= wholeAnswerLimit {
            return await wholeResponse(
                status: status, headers: responseHeaders, body: upstreamBody, length: length, upstream: attempt.upstream.name,
                captureCompletion: captureCompletion, observing: observing, finished: finished)
        }
        let body = ResponseBody(contentLength: unchangedLength) { writer in
            var tail = TokenUsageTail()
            var capture = captureCompletion ? CompletionCapture() : nil
            // Events are split (and checked) when there is a guard or placeholders to restore, or limits to account
            // for; a JSON answer is read whole when there is a guard or placeholders.
            let splitting = guarded != nil || placeholders != nil
            var accounting = accounting
            var streamFilter = isEventStream && (splitting || accounting.isActive) ? StreamingCompletionFilter(engine: guarded) : nil
            var buffered = splitting && !isEventStream ? ByteBuffer() : nil
            func restored(_ buffer: ByteBuffer) -> ByteBuffer {
                guard let placeholders else { return buffer }
                return ByteBuffer(string: placeholders.restoreInJSON(String(buffer: buffer)))
            }
            var filtered: GuardFinding?
            // With the upstream's length, the client's answer is complete with its last byte, not with an end of its
            // own: the last chunk is held back until the exchange is recorded, so no client holds a whole answer that
            // left no record.
            var heldBack: ByteBuffer?
            // Deltas are counted from events only: a JSON answer without usage keeps its reservation.
            func counted() -> Int64? { isEventStream ? accounting.countedTokens : nil }
            do {
                relay: for try await chunk in upstreamBody {
                    tail.append(chunk)
                    capture?.append(chunk)
                    observing?(chunk)
                    if streamFilter != nil {
                        switch streamFilter!.feed(chunk) {
                        case .relay(let events):
                            for event in events where accounting.relays(event) { try await writer.write(restored(event)) }
                        case .blocked(let events, let finding):
                            for event in events where accounting.relays(event) { try await writer.write(restored(event)) }
                            try await writer.write(StreamingCompletionFilter.errorEvent(finding))
                            filtered = finding
                            break relay
                        }
                    } else if buffered != nil {
                        guard buffered!.readableBytes + chunk.readableBytes <= BufferedCompletionFilter.limit else {
                            throw GatewayError(.badGateway, code: .upstreamAnswerTooLarge, "The upstream's answer is too large to check.")
                        }
                        var chunk = chunk
                        buffered!.writeBuffer(&chunk)
                    } else if unchangedLength != nil {
                        if let earlier = heldBack { try await writer.write(earlier) }
                        heldBack = chunk
                    } else {
                        try await writer.write(chunk)
                    }
                }
                if let rest = streamFilter?.remainder(), filtered == nil, accounting.relays(rest) { try await writer.write(restored(rest)) }
                if let whole = buffered {
                    var answer = whole
                    if let guarded { (answer, filtered) = BufferedCompletionFilter.filtered(whole, engine: guarded) }
                    try await writer.write(filtered == nil ? restored(answer) : answer)
                }
            } catch {
                await finished(Relayed(usage: tail.usage(), countedCompletionTokens: counted()), error)
                throw error
            }
            let relayed = Relayed(
                usage: tail.usage(), completion: filtered == nil ? capture?.text() : nil, filtered: filtered,
                countedCompletionTokens: counted())
            await finished(relayed, nil)
            if let last = heldBack { try await writer.write(last) }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: responseHeaders, body: body)
    }

    /// A plain answer of known length, read whole and recorded before the response starts. Its usage (and text, when
    /// captured) is read once from the whole answer.
    private static func wholeResponse(
        status: HTTPResponse.Status, headers: HTTPFields, body: HTTPClientResponse.Body, length: Int, upstream: String,
        captureCompletion: Bool, observing: (@Sendable (ByteBuffer) -> Void)?,
        finished: @Sendable (Relayed, (any Error)?) async -> Void
    ) async -> Response {
        var answer: ByteBuffer?
        func usage() -> TokenUsage? {
            var tail = TokenUsageTail()
            if let answer { tail.append(answer) }
            return tail.usage()
        }
        do {
            for try await chunk in body {
                observing?(chunk)
                if answer == nil {
                    // Most answers arrive in one chunk, which is then the answer as it is.
                    answer = chunk
                } else {
                    var chunk = chunk
                    answer!.writeBuffer(&chunk)
                }
            }
            guard (answer?.readableBytes ?? 0) == length else {
                throw BrokenOffAnswer(received: answer?.readableBytes ?? 0, length: length)
            }
        } catch {
            await finished(Relayed(usage: usage(), answeredStatus: Int(HTTPResponse.Status.badGateway.code)), error)
            return GatewayError(.badGateway, code: .upstreamUnavailable, "Upstream \(upstream) broke off its answer.").response()
        }
        var capture = captureCompletion ? CompletionCapture() : nil
        if let answer { capture?.append(answer) }
        await finished(Relayed(usage: usage(), completion: capture?.text()), nil)
        return Response(status: status, headers: headers, body: answer.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
    }

    /// An answer that ended before the length its head announced.
    struct BrokenOffAnswer: Error {
        var received: Int
        var length: Int
    }
}
