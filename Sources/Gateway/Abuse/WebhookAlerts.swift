import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Suspension alerts for the abuse webhook: queued without holding up the request, and POSTed in order by a
/// ``DeferredWork`` queue that runs as a service (so shutdown waits for them). A failure is logged by type.
struct WebhookAlerts: Sendable {
    let client: HTTPClient
    let queue: DeferredWork
    let logger: Logger

    /// Queues `{"event": "identity_suspended", ...fields}` for `webhook`.
    func send(to webhook: URL, fields: [String: String]) {
        var payload = fields
        payload["event"] = "identity_suspended"
        let body = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data()
        let client = self.client, logger = self.logger
        queue.enqueue {
            var request = HTTPClientRequest(url: webhook.absoluteString)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(5))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if response.status.code >= 300 {
                    logger.warning("abuse webhook refused the alert", metadata: ["status": "\(response.status.code)"])
                }
            } catch {
                logger.warning("abuse webhook unreachable", metadata: ["error.type": "\(type(of: error))"])
            }
        }
    }
}
