import Foundation
import NIOCore
import TokenAccounting

/// Step 10: a streamed chat or completion request is asked for its usage (`stream_options.include_usage`) when the
/// client did not ask, so limits settle and the ledger records what the upstream counted rather than an estimate.
/// The extra event it adds is kept from the client (see `UpstreamForwarder.response`). Runs last, so the audit log
/// keeps the body the client sent; api-versions older than 2024-09-01-preview refuse the field and are left alone.
struct StreamUsageRequest: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        // Every chat request passes here: a body that does not say "stream" is not parsed at all.
        guard exchange.operation == .chat || exchange.operation == .completions,
            exchange.body.containsBytes(Self.streamKey),
            StreamUsage.acceptsStreamOptions(apiVersion: Self.apiVersion(in: exchange.resolvedRoute().upstreamPath)),
            var object = (try? JSONSerialization.jsonObject(with: Data(buffer: exchange.body))) as? [String: Any],
            StreamUsage.requestUsage(in: &object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        else { return }
        exchange.body = ByteBuffer(bytes: data)
        exchange.requestedStreamUsage = true
    }

    private static let streamKey = Array(#""stream""#.utf8)

    /// The `api-version` query parameter of an upstream path, if it has one.
    static func apiVersion(in path: String) -> String? {
        guard let query = path.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("api-version=") {
            return String(pair.dropFirst("api-version=".count)).removingPercentEncoding
        }
        return nil
    }
}
