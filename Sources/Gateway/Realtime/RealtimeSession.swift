import Foundation
import GatewayConfig
import HTTPTypes
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import PromptGuards
import RateLimits

/// One admitted realtime session: the upstream leg opened with the gateway's own credentials (candidates in residency
/// order; one that cannot be reached is skipped), events relayed both ways, and the session recorded once it ends.
/// The upstream is chosen by the HTTP path's circuit-breaker rule (``CircuitBreakers/order(_:)``): an upstream whose
/// breaker is open is skipped unless every candidate's is; a failed connect or handshake (refused, TLS, a non-101
/// answer, a timeout, no credential) counts as a failure, an upgraded connection as a success.
///
/// Client events: anything that is not a JSON object with a `type` (binary frames included) is answered with an
/// `error` event (`invalid_event`) and never forwarded. Client texts (``RealtimeEvents/guardedTexts(_:)``: session and
/// response instructions, item text parts, function-call arguments and outputs) are checked by the grant's guards as
/// prompts are: a block answers an `error` event (`content_filter`) and the event is not forwarded; masked personal
/// data and secrets are replaced before it is.
///
/// Spoken input is checked from its transcript (``guardSpokenInput(item:transcript:_:client:upstream:)``), when the
/// session transcribes it. Server events: output text deltas (text and audio transcripts) are checked as streams are. A blocked response is
/// cancelled upstream (`response.cancel`), the client gets an `error` event (`content_filter`, param `completion`)
/// instead of the delta, that response's further events are dropped, and its `response.done` is relayed with the
/// output removed and status `cancelled`; the socket stays open for the next turn. Each `response.done`'s usage is
/// added to the session's and settled with the limits at once (a turn the limits no longer admit closes the session
/// with an `error` event, code `rate_limit_exceeded` or `insufficient_quota`, and close code 1008).
struct RealtimeSession: Sendable {
    let relay: RealtimeRelay
    let exchange: InferenceExchange
    let engine: GuardEngine?
    let logger: Logger
    let tally = RealtimeTally()

    enum ClientAction: Sendable {
        case forward(String)
        case answer(String)
    }

    func run(client inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async {
        var failure: GatewayError?
        var interrupted = false
        for upstream in relay.breakers.order(exchange.candidates) {
            let credential: HTTPField
            do { credential = try await relay.forwarder.credentialHeader(for: upstream) } catch {
                relay.breakers.recordFailure(upstream.name)
                relay.metrics.recordUpstreamError(upstream.name)
                failure = error
                continue
            }
            var configuration = WebSocketClientConfiguration(maxFrameSize: RealtimeRelay.maximumFrameBytes)
            configuration.additionalHeaders.append(credential)
            do {
                try await WebSocketClient.connect(
                    url: Self.url(upstream.endpoint, path: exchange.resolvedRoute().upstreamPath), configuration: configuration,
                    logger: logger
                ) { upstreamInbound, upstreamOutbound, _ in
                    relay.breakers.recordSuccess(upstream.name)
                    tally.opened(upstream.name)
                    try await relay(client: inbound, outbound, upstream: upstreamInbound, upstreamOutbound)
                }
            } catch {
                if tally.upstream == nil {
                    relay.breakers.recordFailure(upstream.name)
                    relay.metrics.recordUpstreamError(upstream.name)
                    logger.warning(
                        "realtime upstream unavailable", metadata: ["upstream": "\(upstream.name)", "error.type": "\(type(of: error))"])
                    failure = GatewayError(.badGateway, code: .upstreamUnavailable, "Upstream \(upstream.name) could not be reached.")
                    continue
                }
                interrupted = true
            }
            break
        }
        if tally.upstream == nil {
            let refusal = failure ?? GatewayError(.badGateway, code: .upstreamUnavailable, "No upstream could be reached.")
            try? await outbound.write(
                .text(RealtimeEvents.error(code: refusal.code.rawValue, message: refusal.message, type: "server_error")))
            await record(status: Int(refusal.status.code), outcome: .refused(refusal.code))
            try? await outbound.close(.unexpectedServerError, reason: nil)
            return
        }
        let state = tally.snapshot
        let outcome: ExchangeOutcome =
            if let code = state.refusal { .refused(code) } else if interrupted { .streamInterrupted } else if state.filtered != nil {
                .completionFiltered
            } else { .allowed }
        // Recorded (the slot given back, the tokens settled) before the client sees the socket close, as an HTTP
        // answer is recorded before it ends.
        await record(status: 101, outcome: outcome)
        // 1008 when a limit ended the session, 1011 when the upstream dropped, else 1000.
        try? await outbound.close(
            state.refusal != nil ? .policyViolation : interrupted ? .unexpectedServerError : .normalClosure, reason: nil)
    }

    /// `wss://` (or `ws://` for a plain-HTTP loopback upstream) at the endpoint, with the route's path and query.
    static func url(_ endpoint: URL, path: String) -> String {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst("https://".count) }
        if base.hasPrefix("http://") { base = "ws://" + base.dropFirst("http://".count) }
        return base + path
    }

    /// Both directions until either side closes: the upstream is closed when the client leaves; the client, by
    /// ``run(client:_:)`` once the session is recorded.
    private func relay(
        client inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, upstream upstreamInbound: WebSocketInboundStream,
        _ upstreamOutbound: WebSocketOutboundWriter
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: RealtimeRelay.maximumEventBytes) {
                    switch await fromClient(message) {
                    case .forward(let text): try await upstreamOutbound.write(.text(text))
                    case .answer(let text): try await outbound.write(.text(text))
                    }
                }
                try? await upstreamOutbound.close(.normalClosure, reason: nil)
            }
            group.addTask {
                for try await message in upstreamInbound.messages(maxSize: RealtimeRelay.maximumEventBytes) {
                    guard try await fromUpstream(message, client: outbound, upstream: upstreamOutbound) else {
                        try? await upstreamOutbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// What to do with one client event: forward it (as the guards left it), or answer it with an error event.
    func fromClient(_ message: WebSocketMessage) async -> ClientAction {
        guard case .text(let text) = message, let event = RealtimeEvents.object(text) else {
            return .answer(
                RealtimeEvents.error(
                    code: GatewayError.Code.invalidEvent.rawValue,
                    message: "Client events are JSON objects with a 'type', sent as text frames; this one was not forwarded."))
        }
        let texts = RealtimeEvents.guardedTexts(event)
        guard !texts.isEmpty else { return .forward(text) }
        let content = relay.recorder.content
        guard let engine else {
            if content.isLogged { tally.state.withLock { $0.prompts += texts.map { content.text($0.message.text) } } }
            return .forward(text)
        }
        let check = engine.checkPrompt(texts.map(\.message))
        for finding in check.findings { relay.metrics.recordGuard(finding.guardName.rawValue, verdict: finding.verdict.rawValue) }
        tally.state.withLock { $0.guards += check.findings.map(\.auditDescription) }
        await relay.abuse?.record(check.findings, identity: exchange.authenticated().owner)
        if let blocking = check.blocking { return .answer(RealtimeEvents.contentFilter(blocking, param: "prompt")) }
        // The audit keeps what was forwarded: the texts as the guards left them.
        if content.isLogged {
            let forwarded = texts.indices.map { check.rewritten[$0] ?? texts[$0].message.text }
            tally.state.withLock { $0.prompts += forwarded.map(content.text) }
        }
        guard !check.rewritten.isEmpty else { return .forward(text) }
        return .forward(RealtimeEvents.serialized(RealtimeEvents.rewriting(event, texts: texts, check.rewritten)))
    }

    /// Relays one server event to the client, as the guards and limits allow; false when the limits end the session.
    func fromUpstream(_ message: WebSocketMessage, client: WebSocketOutboundWriter, upstream: WebSocketOutboundWriter) async throws -> Bool
    {
        guard case .text(let text) = message, let event = RealtimeEvents.object(text) else {
            try await client.write(message.frame)
            return true
        }
        if let usage = RealtimeEvents.usage(event) {
            tally.add(usage)
            if let refusal = await settleTurn(usage) {
                try await client.write(
                    .text(RealtimeEvents.error(code: refusal.code.rawValue, message: refusal.message, type: "rate_limit_error")))
                tally.state.withLock { $0.refusal = refusal.code }
                return false
            }
        }
        switch event["type"] as? String {
        case "response.created": if let id = RealtimeEvents.responseID(event) { tally.state.withLock { _ = $0.inFlight.insert(id) } }
        case "response.done": if let id = RealtimeEvents.responseID(event) { tally.state.withLock { _ = $0.inFlight.remove(id) } }
        default: break
        }
        if let (item, transcript) = RealtimeEvents.inputTranscript(event) {
            return try await guardSpokenInput(item: item, transcript: transcript, text, client: client, upstream: upstream)
        }
        if let id = RealtimeEvents.responseID(event), tally.state.withLock({ $0.withheld.contains(id) }) {
            if event["type"] as? String == "response.done" {
                try await client.write(.text(RealtimeEvents.serialized(RealtimeEvents.withheld(event))))
            }
            return true
        }
        if let (response, delta) = RealtimeEvents.outputDelta(event) {
            if relay.recorder.content.isLogged { tally.state.withLock { $0.completion += delta } }
            if let engine, engine.profile.checkCompletions {
                let window = tally.state.withLock { ($0.recent[response] ?? "") + delta }
                if let finding = engine.checkCompletion(window) {
                    tally.state.withLock { state in
                        state.filtered = state.filtered ?? finding
                        state.withheld.insert(response)
                        state.recent[response] = nil
                    }
                    relay.metrics.recordGuard(finding.guardName.rawValue, verdict: "completion_\(finding.verdict.rawValue)")
                    await relay.abuse?.record([finding], identity: exchange.authenticated().owner)
                    try? await upstream.write(.text(RealtimeEvents.serialized(["type": "response.cancel", "response_id": response])))
                    try await client.write(.text(RealtimeEvents.contentFilter(finding, param: "completion")))
                    return true
                }
                tally.state.withLock { $0.recent[response] = String(window.suffix(StreamingCompletionFilter.overlap)) }
            }
        }
        if event["type"] as? String == "response.done", let id = RealtimeEvents.responseID(event) {
            tally.state.withLock { _ = $0.recent.removeValue(forKey: id) }
        }
        try await client.write(.text(text))
        return true
    }

    /// Spoken input, checked from its transcript as prompts are. The audio has reached the model by then, so a block
    /// takes it back: the item is deleted from the conversation upstream (`conversation.item.delete`), the responses in
    /// flight are cancelled (`response.cancel`) and withheld like a blocked completion, and the client gets an `error`
    /// event (`content_filter`, param `prompt`) instead of the transcript. Anything else relays the transcript.
    func guardSpokenInput(
        item: String, transcript: String, _ text: String, client: WebSocketOutboundWriter, upstream: WebSocketOutboundWriter
    ) async throws -> Bool {
        let content = relay.recorder.content
        guard let engine else {
            if content.isLogged { tally.state.withLock { $0.prompts.append(content.text(transcript)) } }
            try await client.write(.text(text))
            return true
        }
        let check = engine.checkPrompt([GuardedMessage(role: .user, text: transcript)])
        for finding in check.findings { relay.metrics.recordGuard(finding.guardName.rawValue, verdict: finding.verdict.rawValue) }
        tally.state.withLock { $0.guards += check.findings.map(\.auditDescription) }
        await relay.abuse?.record(check.findings, identity: exchange.authenticated().owner)
        guard let blocking = check.blocking else {
            if content.isLogged { tally.state.withLock { $0.prompts.append(content.text(check.rewritten[0] ?? transcript)) } }
            try await client.write(.text(text))
            return true
        }
        // Recorded as a blocked client text is (its guard finding), not as a filtered completion.
        let cancelled = tally.state.withLock { state in
            state.withheld.formUnion(state.inFlight)
            return state.inFlight.sorted()
        }
        if !item.isEmpty {
            try? await upstream.write(.text(RealtimeEvents.serialized(["type": "conversation.item.delete", "item_id": item])))
        }
        for response in cancelled {
            try? await upstream.write(.text(RealtimeEvents.serialized(["type": "response.cancel", "response_id": response])))
        }
        try await client.write(.text(RealtimeEvents.contentFilter(blocking, param: "prompt")))
        return true
    }

    /// A turn's tokens, settled with the token and spend rules that admitted the session: charged as a reservation of
    /// nothing settled at once to the reported usage. When a rule no longer admits even that (it is spent), the tokens
    /// are kept for the session's own settlement and the refusal ends the session.
    func settleTurn(_ usage: TokenUsage) async -> GatewayError? {
        guard let reservation = exchange.record.limitReservation else { return nil }
        let charges = reservation.charges.compactMap { charge -> LimitCharge? in
            if case .concurrent = charge.rule.kind { return nil }
            guard charge.rule.measure != .requests else { return nil }
            var charge = charge
            charge.amount = 0
            return charge
        }
        guard !charges.isEmpty else { return nil }
        let now = Date()
        do {
            let decision = try await relay.limits.admit(charges, now: now)
            if let admitted = decision.reservation {
                await relay.limits.settle(
                    admitted, actual: actual(prompt: Int64(usage.prompt), completion: Int64(usage.total - usage.prompt)), now: now)
                return nil
            }
            tally.carry(usage)
            guard let refusal = decision.refusal else { return nil }
            relay.metrics.recordLimit(refusal.rule.name, decision: "refused")
            return LimitHeaders.error(for: refusal, statuses: decision.statuses, now: now)
        } catch {
            // The store cannot answer now: the session's own settlement charges these tokens.
            tally.carry(usage)
            return nil
        }
    }

    private func actual(prompt: Int64, completion: Int64) -> [LimitRule.Measure: Int64] {
        var actual: [LimitRule.Measure: Int64] = [.tokens: prompt + completion]
        if let price = exchange.record.price { actual[.microUSD] = price.microUSD(prompt: prompt, completion: completion) }
        return actual
    }

    /// The session's one record: its reservation settled (the slot given back, the reserved completion refunded, and
    /// any carried turn tokens charged), then metrics, the audit record and the ledger with the whole session's usage.
    private func record(status: Int, outcome: ExchangeOutcome) async {
        let state = tally.snapshot
        var record = exchange.record
        record.upstream = state.upstream
        record.guards += state.guards
        if !state.prompts.isEmpty { record.prompt = state.prompts.joined(separator: "\n") }
        if let reservation = record.limitReservation {
            await relay.limits.settle(
                reservation, actual: actual(prompt: state.carried.prompt, completion: state.carried.completion), now: Date())
            record.limitReservation = nil
        }
        let relayed =
            state.upstream == nil
            ? nil
            : UpstreamForwarder.Relayed(
                usage: state.usage, completion: relay.recorder.content.isLogged ? state.completion : nil,
                filtered: state.filtered)
        await relay.recorder.record(record, status: status, outcome: outcome, relayed: relayed, logger: logger)
    }
}

extension WebSocketMessage {
    /// The message as one outbound frame.
    var frame: WebSocketOutboundWriter.OutboundFrame {
        switch self {
        case .text(let text): .text(text)
        case .binary(let buffer): .binary(buffer)
        }
    }
}
