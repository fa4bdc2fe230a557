import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A handler on every HTTP connection that writes a refused realtime upgrade's answer. The server answers an upgrade
/// its check refused with a bare `400` and `Connection: close`; when the check left a refusal for this connection in
/// ``RealtimeRefusals``, this handler writes that refusal instead (its status, Azure's error body, `Retry-After` and
/// the limit headers), still closing the connection. Every other response passes unchanged.
final class RealtimeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let refusals: RealtimeRefusals
    /// Set while the bare 400's own parts are being dropped.
    private var replacing = false

    init(refusals: RealtimeRefusals) {
        self.refusals = refusals
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        switch part {
        case .head(let head) where head.status == .badRequest && head.headerFields[.connection] == "close":
            guard let refusal = refusals.take(connection: ObjectIdentifier(context.channel)) else { break }
            let body = refusal.body()
            var fields = refusal.headers
            fields[.contentType] = "application/json"
            fields[.contentLength] = String(body.count)
            fields[.connection] = "close"
            context.write(wrapOutboundOut(.head(HTTPResponse(status: refusal.status, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: promise)
            replacing = true
            return
        case .body where replacing:
            promise?.succeed()
            return
        case .end where replacing:
            replacing = false
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }
}
