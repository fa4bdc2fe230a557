import AccessPolicy
import APIKeys
import BPE
import GatewayConfig
import Hummingbird
import NIOCore
import PromptGuards
import RateLimits
import TokenAccounting

/// One inference request on its way through the pipeline: what each step has established so far, for the
/// steps after it, and the record that the audit log and metrics will keep of it.
struct InferenceExchange: Sendable {
    /// The operation the route serves.
    let operation: GatewayOperation
    /// The deployment-bound call the route serves (method, paths, body format); nil for object routes.
    let endpoint: OperationEndpoint?
    /// The object route served; nil for deployment-bound calls.
    let object: ObjectEndpoint?
    /// Where the route takes the deployment from.
    let routeKind: InferenceRoute.Kind
    /// The client's request: its headers, and its body until `BodyReading` collects it.
    var request: Request
    /// The collected body, as it will be sent upstream (guards may have masked parts of it); for a streamed upload,
    /// the start of its form.
    var body = ByteBuffer()
    /// Set by `BodyReading` for an upload too large to hold: the rest of it, streamed when the request is forwarded.
    var upload: StreamedUpload?
    /// Set by `Authentication`.
    var identity: ClientIdentity?
    /// Set by `Authorisation`: the grant that allows the call.
    var grant: AccessGrant?
    /// Set by `RouteResolution`.
    var route: InferenceRoute?
    /// Set by `Residency`: the upstreams that serve the deployment in a region the grant allows.
    var candidates: [GatewayConfiguration.Upstream] = []
    /// Set by `PromptGuarding`: the guards that check the completion.
    var completionGuard: GuardEngine?
    /// Set by `PromptGuarding`: placeholders to put back into the answer (`restorePlaceholders`).
    var placeholders: PlaceholderTable?
    /// Set by `RateLimiting`: where each matching limit rule stands, for the response's `x-ratelimit-*` headers.
    var limitStatuses: [LimitStatus] = []
    /// Set by `StreamUsageRequest`: the gateway asked the stream for its usage, so that event is kept from the client.
    var requestedStreamUsage = false
    /// Set by `RateLimiting` when a token or spend limit applies: relayed deltas are counted with it when a stream
    /// ends without usage.
    var deltaEncoding: BPEEncoding?
    /// Set by `ObjectResolution` and `ObjectReferences`: the one upstream that holds the objects this call names.
    var pinnedUpstream: String?
    /// Set by `ObjectResolution` and `ObjectReferences`: what the answer changes in who owns what.
    var ownership: OwnershipEffect?
    /// What the audit log and metrics keep of this exchange.
    var record: ExchangeRecord

    init(request: Request, endpoint: OperationEndpoint, routeKind: InferenceRoute.Kind, record: ExchangeRecord) {
        self.request = request
        self.operation = endpoint.operation
        self.endpoint = endpoint
        self.object = nil
        self.routeKind = routeKind
        self.record = record
    }

    init(request: Request, object: ObjectEndpoint, routeKind: InferenceRoute.Kind, record: ExchangeRecord) {
        self.request = request
        self.operation = object.operation
        self.endpoint = nil
        self.object = object
        self.routeKind = routeKind
        self.record = record
    }

    /// The body as a form (an upload): whole, or for a streamed upload the whole parts of its start; 400
    /// `invalid_multipart` when it cannot be read.
    func form() throws(GatewayError) -> MultipartForm {
        let bytes = Array(body.readableBytesView), contentType = request.headers[.contentType]
        do {
            if upload == nil { return try MultipartForm(body: bytes, contentType: contentType) }
            return try MultipartForm(prefix: bytes, contentType: contentType)
        } catch {
            throw UploadReading.unreadable(error)
        }
    }

    /// The identity once authentication has run; steps after it rely on that order.
    func authenticated() -> ClientIdentity {
        guard let identity else { preconditionFailure("a step that needs the caller's identity runs before Authentication") }
        return identity
    }

    /// The route once resolved; steps after `RouteResolution` rely on that order.
    func resolvedRoute() -> InferenceRoute {
        guard let route else { preconditionFailure("a step that needs the route runs before RouteResolution") }
        return route
    }

    /// The grant once authorised; steps after `Authorisation` rely on that order.
    func authorisedGrant() -> AccessGrant {
        guard let grant else { preconditionFailure("a step that needs the grant runs before Authorisation") }
        return grant
    }
}
