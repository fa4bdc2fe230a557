/// The operations the gateway serves, which keys and token policies grant.
public enum GatewayOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case chat
    case completions
    case embeddings
    /// A Realtime API session over WebSocket (`/openai/realtime`, `/openai/v1/realtime`).
    case realtime
}
