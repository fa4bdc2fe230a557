/// Everything that can go wrong talking to Redis, as one error type with a low-cardinality ``code``.
///
/// Compare errors with `==` (or `catch RESPError.timeout`): equality looks at the code only, never at the detail.
/// No description ever contains a command's arguments or a password; server messages are the server's own text.
public struct RESPError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case connectionClosed = "connection-closed"
        case connectFailed = "connect-failed"
        case timeout
        case protocolError = "protocol-error"
        case serverError = "server-error"
        case noScript = "no-script"
        case authenticationFailed = "authentication-failed"
        case invalidURL = "invalid-url"
        case unexpectedReply = "unexpected-reply"
        case clientClosed = "client-closed"
    }

    private let base: Code
    /// What happened, in words; never a password or a command argument.
    public let detail: String
    /// The server's error message (`NOSCRIPT No matching script...`) for server errors; `nil` otherwise.
    public let serverMessage: String?
    /// Set when the command was refused before it was written, so retrying it on a new connection is safe.
    let neverSent: Bool

    private init(_ base: Code, detail: String = "", serverMessage: String? = nil, neverSent: Bool = false) {
        self.base = base
        self.detail = detail
        self.serverMessage = serverMessage
        self.neverSent = neverSent
    }

    /// A short, stable name for the kind of error (`timeout`, `no-script`), usable as a metric label.
    public var code: String { base.rawValue }

    /// The first word of a server error (`ERR`, `WRONGTYPE`, `NOSCRIPT`), the server's own error class.
    public var serverErrorPrefix: String? {
        serverMessage.map { String($0.prefix { $0 != " " }) }
    }

    /// Whether the command may have reached the server and run: after a timeout, a connection closed once it was
    /// written, a protocol error or any reply. False when nothing was sent (no connection, a refused password, a
    /// closed client, a script the server did not have).
    public var mayHaveRun: Bool {
        switch base {
        case .timeout, .protocolError, .serverError, .unexpectedReply: true
        case .connectionClosed: !neverSent
        case .connectFailed, .noScript, .authenticationFailed, .invalidURL, .clientClosed: false
        }
    }

    /// `RESPError.code: detail (server: message)`; never a password or a command argument.
    public var description: String {
        var text = "RESPError.\(base.rawValue)"
        if !detail.isEmpty { text += ": \(detail)" }
        if let serverMessage { text += (detail.isEmpty ? ": " : " ") + "(server: \(serverMessage))" }
        return text
    }

    /// Equal when the codes are equal; the detail and server message do not count.
    public static func == (lhs: RESPError, rhs: RESPError) -> Bool { lhs.base == rhs.base }

    /// Hashes the code only, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(base) }

    /// The connection closed (or was closed by this client) before the reply arrived.
    public static let connectionClosed = RESPError(.connectionClosed)
    /// No connection could be made (refused, unreachable, TLS handshake failed).
    public static let connectFailed = RESPError(.connectFailed)
    /// A command's deadline passed; its connection was closed so no late reply can be matched to another command.
    public static let timeout = RESPError(.timeout)
    /// The server sent something that is not valid RESP, or larger than the decoder's limits.
    public static let protocolError = RESPError(.protocolError)
    /// The server answered with an error reply; ``serverMessage`` holds its text.
    public static let serverError = RESPError(.serverError)
    /// `NOSCRIPT`: `EVALSHA` named a script the server does not have (after `SCRIPT FLUSH` or a restart).
    public static let noScript = RESPError(.noScript)
    /// `NOAUTH`, `WRONGPASS` or a failed `AUTH`/`HELLO`.
    public static let authenticationFailed = RESPError(.authenticationFailed)
    /// A `redis://` or `rediss://` URL that could not be read.
    public static let invalidURL = RESPError(.invalidURL)
    /// A well-formed reply of a kind the call did not expect (a string where `TIME` gives an array).
    public static let unexpectedReply = RESPError(.unexpectedReply)
    /// The client was closed by its owner.
    public static let clientClosed = RESPError(.clientClosed)

    /// A server error reply, classified by its prefix: `NOSCRIPT` → ``noScript``, `NOAUTH`/`WRONGPASS` →
    /// ``authenticationFailed``, anything else → ``serverError``.
    public static func serverError(_ message: String) -> RESPError {
        let code: Code
        if message.hasPrefix("NOSCRIPT") {
            code = .noScript
        } else if message.hasPrefix("NOAUTH") || message.hasPrefix("WRONGPASS") {
            code = .authenticationFailed
        } else {
            code = .serverError
        }
        return RESPError(code, serverMessage: message)
    }

    /// The same kind of error with `detail` and without the server's text: for replies to commands that carried a
    /// password (`AUTH`, `HELLO … AUTH`), whose error text may repeat the arguments (`unknown command 'HELLO',
    /// with args beginning with: …`).
    func withoutServerText(_ detail: String) -> RESPError {
        serverMessage == nil ? self : RESPError(base, detail: detail, neverSent: neverSent)
    }

    static func connectionClosed(_ detail: String, neverSent: Bool = false) -> RESPError {
        RESPError(.connectionClosed, detail: detail, neverSent: neverSent)
    }
    static func connectFailed(_ detail: String) -> RESPError { RESPError(.connectFailed, detail: detail) }
    static func timeout(_ detail: String) -> RESPError { RESPError(.timeout, detail: detail) }
    static func protocolError(_ detail: String) -> RESPError { RESPError(.protocolError, detail: detail) }
    static func invalidURL(_ detail: String) -> RESPError { RESPError(.invalidURL, detail: detail) }
    static func unexpectedReply(_ detail: String) -> RESPError { RESPError(.unexpectedReply, detail: detail) }
    static func clientClosed(_ detail: String) -> RESPError { RESPError(.clientClosed, detail: detail) }
}
