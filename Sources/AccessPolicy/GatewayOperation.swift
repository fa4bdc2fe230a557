/// The operations the gateway serves, which keys and token policies grant.
public enum GatewayOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case chat
    case completions
    case embeddings
    /// The Responses API (`/responses`, its stored responses and their input items) and conversations.
    case responses
    /// Image generation and edits.
    case images
    /// Transcription, translation and speech.
    case audio
    /// Uploaded files (upload, list, retrieve, content, delete).
    case files
    /// Batch jobs (create, list, retrieve, cancel).
    case batches
    /// The realtime API over WebSocket: granted here, served by its own route.
    case realtime
}
