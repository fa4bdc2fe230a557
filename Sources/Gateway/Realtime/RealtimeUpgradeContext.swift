public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore
import Synchronization

/// The context of a WebSocket upgrade on a realtime path: Hummingbird's core storage, the client's address, and the
/// admitted exchange the upgrade check hands to the session once the socket is open.
public struct RealtimeUpgradeContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?
    /// The connection, which a refused upgrade's answer is written on (``RealtimeRefusals``).
    let connection: ObjectIdentifier
    /// Filled by the upgrade check when every control admitted the session; taken once by the session.
    let admitted: RealtimeAdmission

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
        connection = ObjectIdentifier(source.channel)
        admitted = RealtimeAdmission()
    }
}

/// The exchange the upgrade check admitted, handed from the check to the session on the same connection.
final class RealtimeAdmission: Sendable {
    private let exchange = Mutex<InferenceExchange?>(nil)

    func admit(_ admitted: InferenceExchange) { exchange.withLock { $0 = admitted } }

    func take() -> InferenceExchange? {
        exchange.withLock { value in
            defer { value = nil }; return value
        }
    }
}

/// Upgrade refusals waiting to be written. A refused WebSocket upgrade is answered by the server's HTTP layer with
/// a bare 400 before the connection closes; ``RealtimeRefusalWriter`` replaces that answer with the refusal the upgrade
/// check left here for the same connection, in Azure's error shape. An entry not taken within 10 s is dropped.
final class RealtimeRefusals: Sendable {
    private let waiting = Mutex<[ObjectIdentifier: (error: GatewayError, at: ContinuousClock.Instant)]>([:])

    func put(_ error: GatewayError, connection: ObjectIdentifier) {
        let now = ContinuousClock.now
        waiting.withLock { waiting in
            waiting = waiting.filter { now - $0.value.at < .seconds(10) }
            waiting[connection] = (error, now)
        }
    }

    func take(connection: ObjectIdentifier) -> GatewayError? {
        waiting.withLock { $0.removeValue(forKey: connection)?.error }
    }
}
