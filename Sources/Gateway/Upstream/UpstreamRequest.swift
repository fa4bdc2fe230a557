import HTTPTypes
import NIOCore

/// What to send upstream: the method, the path and query (appended to the upstream's endpoint), the client's
/// headers (the forwarder drops hop-by-hop ones and the client's credentials), and the body.
struct UpstreamRequest: Sendable {
    var method: HTTPRequest.Method
    /// Path and query, as the upstream receives them.
    var path: String
    var headers: HTTPFields
    var body: Body

    /// A body held in memory, or streamed from the client as it arrives.
    enum Body: Sendable {
        case none
        /// Bytes in memory: sent again as they are when the request fails over to another upstream.
        case bytes(ByteBuffer)
        /// A sequence read once, as it arrives (with its length when known): it cannot be sent to a second upstream.
        case stream(any AsyncSequence<ByteBuffer, any Error> & Sendable, length: Int?)
    }

    /// True when the request can be sent again (to another upstream, or after a 429).
    var isReplayable: Bool {
        if case .stream = body { return false }
        return true
    }
}
