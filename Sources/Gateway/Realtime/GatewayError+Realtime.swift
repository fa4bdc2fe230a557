extension GatewayError.Code {
    // Realtime (WebSocket).
    /// A realtime upgrade on `/openai/realtime` without `deployment=`.
    public static let missingDeployment = Self(rawValue: "missing_deployment")
    /// A plain request to a realtime path: it is served over WebSocket only.
    public static let webSocketRequired = Self(rawValue: "websocket_required")
    /// A realtime client event that is not a JSON object with a `type`: answered with an error event, not forwarded.
    public static let invalidEvent = Self(rawValue: "invalid_event")
}
