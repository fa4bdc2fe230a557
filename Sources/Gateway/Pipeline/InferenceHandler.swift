import AccessPolicy
import APIKeys
import GatewayConfig
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// One inference request from start to end: the pipeline's steps, forwarding, and the relayed answer; the
/// exchange is recorded whatever the outcome. A forwarded request is recorded once its body has been relayed
/// (with the tokens the upstream reported) and before the response ends, so a client never sees a complete
/// answer that left no record; a response dropped before its body was written is recorded as
/// `client_disconnected`.
struct InferenceHandler: Sendable {
    let pipeline: InferencePipeline
    let forwarding: Forwarding
    let recorder: RequestRecorder
    let metrics: GatewayMetrics
    let abuse: AbuseMonitor?
    /// Where the record of a response released unwritten goes.
    let disconnections: DeferredWork
    let trustedProxies: [IPNetwork]
    /// Who owns stored objects; nil when the key store does not keep it (object routes then answer 503).
    let ownership: (any ObjectOwnershipStore)?
    let listing: ObjectListing

    func handle(_ request: Request, context: GatewayRequestContext, endpoint: OperationEndpoint, routeKind: InferenceRoute.Kind) async
        -> Response
    {
        let record = ExchangeRecord(
            requestID: context.id, operation: endpoint.operation, clientIP: clientIP(request, context), started: .now)
        let exchange = InferenceExchange(request: request, endpoint: endpoint, routeKind: routeKind, record: record)
        return await handle(exchange, logger: context.logger)
    }

    /// A call to a stored object (`id` from the path), or a create or list of them.
    func handle(_ request: Request, context: GatewayRequestContext, object: ObjectEndpoint, id: String?) async -> Response {
        let record = ExchangeRecord(requestID: context.id, operation: object.operation, clientIP: clientIP(request, context), started: .now)
        let exchange = InferenceExchange(request: request, object: object, routeKind: .object(id: id), record: record)
        return await handle(exchange, logger: context.logger)
    }

    private func clientIP(_ request: Request, _ context: GatewayRequestContext) -> String? {
        ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("x-forwarded-for")!],
            trustedProxies: trustedProxies
        )
    }

    /// Hummingbird's request id is in every log line of this request (`context.logger`) and in its audit record.
    private func handle(_ exchange: InferenceExchange, logger: Logger) async -> Response {
        var exchange = exchange
        do throws(GatewayError) {
            try await pipeline.run(&exchange)
            if case .list(let kind) = exchange.ownership {
                let response = try await listing.answer(&exchange, kind: kind)
                await recorder.record(
                    exchange.record, status: response.status.code, outcome: .allowed, relayed: nil, logger: logger)
                return response
            }
            let attempt = try await forwarding.forward(&exchange)
            if case .forget(let kind, let id) = exchange.ownership, (200..<300).contains(attempt.response.status.code) {
                _ = try? await ownership?.forget(kind, id: id, ownedBy: exchange.authenticated().owner)
            }
            var response = await relay(attempt, of: exchange, logger: logger)
            if let upload = exchange.upload { response.body = Self.returningBody(of: upload, after: response.body) }
            return response
        } catch {
            // An upload's writer may still be reading the client's body (the upstream failed mid-way).
            await exchange.upload?.returnBody()
            var response = error.response()
            // A request refused after the limits charged it still says where it stands.
            LimitHeaders.apply(exchange.limitStatuses, to: &response.headers)
            await recorder.record(
                exchange.record, status: response.status.code, outcome: .refused(error.code), relayed: nil, logger: logger)
            return response
        }
    }

    /// The upstream's answer, relayed; the record is written when the body ends, is cut, or is never written.
    private func relay(_ attempt: UpstreamForwarder.Attempt, of exchange: InferenceExchange, logger: Logger) async -> Response {
        let record = exchange.record
        let status = Int(attempt.response.status.code)
        let recorder = self.recorder, metrics = self.metrics, abuse = self.abuse
        let audio = exchange.operation == .audio && exchange.endpoint?.body == .multipart ? MediaUsage.AudioMeter() : nil
        let pending = ForwardedRequestRecord(deferred: disconnections) { outcome, relayed in
            var record = record
            record.audioSeconds = audio?.seconds()
            await recorder.record(record, status: status, outcome: outcome, relayed: relayed, logger: logger)
        }
        var response = await UpstreamForwarder.response(
            from: attempt, captureCompletion: recorder.content.isLogged, completionGuard: exchange.completionGuard,
            restoring: exchange.placeholders,
            accounting: StreamEventAccounting(strippingUsage: exchange.requestedStreamUsage, encoding: exchange.deltaEncoding),
            observing: audio.map { meter -> @Sendable (ByteBuffer) -> Void in { chunk in meter.note(chunk) } }
        ) { relayed, error in
            if let error {
                // The error's type only: an HTTP client error's text is not needed to tell a drop from a cut.
                logger.notice(
                    "response stream interrupted",
                    metadata: ["deployment": "\(record.route?.deployment ?? "")", "error.type": "\(type(of: error))"])
                await pending.finish(.streamInterrupted, relayed: relayed)
                return
            }
            if let finding = relayed.filtered {
                metrics.recordGuard(finding.guardName.rawValue, verdict: "completion_\(finding.verdict.rawValue)")
                if let identity = record.identity { await abuse?.record([finding], identity: identity) }
            }
            await pending.finish(relayed.filtered == nil ? .allowed : .completionFiltered, relayed: relayed)
        }
        LimitHeaders.apply(exchange.limitStatuses, to: &response.headers)
        if case .create(let kind) = exchange.ownership, (200..<300).contains(response.status.code), let ownership,
            let owner = exchange.identity?.owner
        {
            let capture = OwnershipCapture(
                store: ownership, kind: kind, owner: owner, upstream: attempt.upstream.name, deployment: record.route?.deployment ?? "",
                isEventStream: attempt.response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream") ?? false,
                logger: logger)
            response.body = capture.wrapping(response.body)
        }
        return response
    }

    /// `body`, then the streamed upload's client body taken back from the upstream request's writer, whether the
    /// body was written or not: Hummingbird reads the client's body itself once the response ends.
    private static func returningBody(of upload: StreamedUpload, after body: ResponseBody) -> ResponseBody {
        ResponseBody(contentLength: body.contentLength) { writer in
            do { try await body.write(writer) } catch {
                await upload.returnBody()
                throw error
            }
            await upload.returnBody()
        }
    }
}
