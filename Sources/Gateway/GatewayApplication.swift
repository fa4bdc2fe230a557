public import APIKeys
public import AsyncHTTPClient
public import AuditLog
public import Foundation
public import GatewayConfig
public import Hummingbird
import AzureCredentials
import EntraID
import PromptGuards
import HTTPTypes
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
public import Logging
import ServiceLifecycle

/// The gateway's HTTP surface: the Azure OpenAI data plane and v1 routes, behind key authentication,
/// authorisation and data-residency routing.
public struct GatewayApplication: Sendable {
    public let configuration: GatewayConfiguration
    let authenticator: ClientAuthenticator
    let routing: UpstreamRouting
    let audit: AuditLogWriter?
    let logger: Logger
    let metrics: GatewayMetrics
    let keyStore: APIKeyStore
    /// Masks personal data and secrets in audited content (`audit.content: redacted`).
    let redactor = Redactor()
    /// The configured guard profiles, by name.
    let guardEngines: [String: GuardEngine]
    let abuse: AbuseMonitor?

    public init(
        configuration: GatewayConfiguration, keyStore: APIKeyStore, httpClient: HTTPClient, audit: AuditLogWriter? = nil,
        logger: Logger = Logger(label: "bulwark.gateway"), environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        guardEngines = configuration.guardProfiles.mapValues { settings in
            GuardEngine(profile: GuardProfile(
                name: settings.name, injection: settings.injection, redaction: settings.redaction,
                blocklist: settings.blocklist, checkCompletions: settings.completions,
                restorePlaceholders: settings.restorePlaceholders
            ))
        }
        let tokens = configuration.entra.map { settings in
            EntraTokenValidator(settings: settings, keys: SigningKeySet(
                maximumAge: .seconds(settings.keysRefreshSeconds), fetch: SigningKeySet.fetching(from: settings.jwksURL, client: httpClient)
            ))
        }
        self.authenticator = ClientAuthenticator(store: keyStore, tokens: tokens, policies: configuration.entra?.policies ?? [])
        let metrics = GatewayMetrics()
        self.metrics = metrics
        self.keyStore = keyStore
        // One token cache per upstream that authenticates with Entra tokens.
        var credentials: [String: CachedCredential] = [:]
        for upstream in configuration.upstreams {
            if case .entraToken(let source, let scope) = upstream.authentication {
                credentials[upstream.name] = CachedCredential(source: source, scope: scope, client: httpClient, environment: environment)
            }
        }
        abuse = configuration.abuse.map { AbuseMonitor(settings: $0, store: keyStore, audit: audit, client: httpClient, logger: logger) }
        let forwarder = UpstreamForwarder(client: httpClient, environment: environment, credentials: credentials, logger: logger)
        self.routing = UpstreamRouting(forwarder: forwarder, breakers: CircuitBreakers(), metrics: metrics)
        self.audit = audit
        self.logger = logger
    }

    /// The HTTP client for upstreams, identity endpoints and signing keys: a refused connection fails at once
    /// (so the next upstream is tried) instead of being retried until the request's deadline.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ -> Response in
            keyStore.isReadable()
                ? Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
                : GatewayError(.serviceUnavailable, code: "key_store_unavailable", "The key store cannot be read.").response()
        }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        for operation in GatewayOperation.allCases {
            let suffix = operation == .chat ? "chat/completions" : operation.rawValue
            router.post("/openai/deployments/{deployment}/\(suffix)") { request, context in
                let deployment = try context.parameters.require("deployment")
                return await handle(request, context: context, operation: operation) { (_: ByteBuffer) throws(GatewayError) -> InferenceRoute in
                    try InferenceRoute.deploymentRoute(deployment: deployment, operation: operation, query: request.uri.query ?? "")
                }
            }
            router.post("/openai/v1/\(suffix)") { request, context in
                await handle(request, context: context, operation: operation) { (body: ByteBuffer) throws(GatewayError) -> InferenceRoute in
                    try InferenceRoute.v1Route(operation: operation, body: Data(buffer: body), query: request.uri.query ?? "")
                }
            }
        }
        return router
    }

    /// What one request decided, for the audit log.
    struct Decision {
        var identity: String?
        var route: InferenceRoute?
        var upstream: String?
        /// The grant that allowed the call.
        var policy: String?
        /// The request body as the audit log keeps it (redacted unless `audit.content` is `full`).
        var prompt: String?
        /// The guards' findings, as the audit log records them.
        var guards: [String] = []
        /// The guards that check this request's completion.
        var completionGuard: GuardEngine?
        /// Placeholders to put back into the answer (`restorePlaceholders`).
        var placeholders: PlaceholderTable?
    }

    /// Authenticate, read the (bounded) body, route, authorise, pick an upstream in an allowed region, forward;
    /// then count the request and write its audit record, whatever the outcome. A forwarded request is
    /// recorded once its body has been relayed (with the tokens the upstream reported) and before the
    /// response ends, so a client never sees a complete answer that left no record; a response dropped
    /// before its body was written is recorded as `client_disconnected`.
    func handle(
        _ request: Request, context: GatewayRequestContext, operation: GatewayOperation,
        route makeRoute: (ByteBuffer) throws(GatewayError) -> InferenceRoute
    ) async -> Response {
        let started = ContinuousClock.now
        // Hummingbird's request id: in every log line of this request (context.logger) and in its audit record.
        let requestID = context.id
        let requestLogger = context.logger
        let clientIP = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("x-forwarded-for")!],
            trustedProxies: configuration.trustedProxies
        )
        var decision = Decision()
        do throws(GatewayError) {
            let attempt = try await process(request, operation: operation, clientIP: clientIP, decision: &decision, route: makeRoute)
            let decided = decision
            let status = Int(attempt.response.status.code)
            let recorder = ForwardedRequestRecord { outcome, relayed in
                await record(decided, requestID: requestID, logger: requestLogger, operation: operation, clientIP: clientIP, status: status, outcome: outcome, relayed: relayed, since: started)
            }
            return UpstreamForwarder.response(from: attempt, captureCompletion: contentLogging != .none, completionGuard: decided.completionGuard, restoring: decided.placeholders) { result in
                switch result {
                case .success(let relayed):
                    if let finding = relayed.filtered {
                        metrics.recordGuard(finding.guardName.rawValue, verdict: "completion_\(finding.verdict.rawValue)")
                        if let identity = decided.identity { await abuse?.record([finding], identity: identity) }
                    }
                    await recorder.finish(relayed.filtered == nil ? "allowed" : "completion_filtered", relayed: relayed)
                case .failure(let error):
                    // The error's type only: an HTTP client error's text is not needed to tell a drop from a cut.
                    requestLogger.notice("response stream interrupted", metadata: ["deployment": "\(decided.route?.deployment ?? "")", "error.type": "\(type(of: error))"])
                    await recorder.finish("stream_interrupted", relayed: nil)
                }
            }
        } catch {
            let response = error.response()
            await record(decision, requestID: requestID, logger: requestLogger, operation: operation, clientIP: clientIP, status: response.status.code, outcome: error.code, relayed: nil, since: started)
            return response
        }
    }

    /// The guard profile for a grant: the policy's own, else the configured default; `none` is none.
    func guardEngine(for grant: AccessGrant) -> GuardEngine? {
        let name = grant.guardProfile ?? configuration.defaultGuards
        guard let name, name != "none" else { return nil }
        return guardEngines[name]
    }

    /// Runs the prompt guards: findings go to the decision (audit) and metrics; a blocking finding refuses the
    /// request in Azure's content-filter shape; masked or hashed personal data and secrets replace the originals
    /// in the body sent upstream.
    private func checkPrompt(_ body: inout ByteBuffer, engine: GuardEngine, decision: inout Decision) async throws(GatewayError) {
        // Deny by default: a body the guards cannot read is not forwarded past them.
        guard let parsed = GuardedBody(Data(buffer: body)) else {
            throw GatewayError(.badRequest, code: "invalid_json", "The request body is not a JSON object.")
        }
        let check = engine.checkPrompt(parsed.messages)
        for finding in check.findings {
            decision.guards.append(Self.describe(finding))
            metrics.recordGuard(finding.guardName.rawValue, verdict: finding.verdict.rawValue)
        }
        if let identity = decision.identity { await abuse?.record(check.findings, identity: identity) }
        if let blocking = check.blocking { throw GatewayError.contentFilter(blocking) }
        if !check.rewritten.isEmpty, let data = parsed.rewritten(check.rewritten) { body = ByteBuffer(bytes: data) }
        if engine.profile.restorePlaceholders, !check.placeholders.isEmpty { decision.placeholders = check.placeholders }
    }

    static func describe(_ finding: GuardFinding) -> String {
        ([finding.guardName.rawValue, finding.verdict.rawValue] + (finding.score.map { [String(format: "%.2f", $0)] } ?? []) + finding.details)
            .joined(separator: ":")
    }

    /// How prompts and completions go into the audit log.
    var contentLogging: GatewayConfiguration.Audit.Content { audit == nil ? .none : configuration.audit?.content ?? .none }

    /// Text as the audit log keeps it: redacted (personal data and secrets as placeholders) unless `full`.
    func auditContent(_ text: String) -> String {
        contentLogging == .full ? text : redactor.redact(text).text
    }

    /// Metrics and the audit record for one finished request.
    private func record(
        _ decision: Decision, requestID: String, logger: Logger, operation: GatewayOperation, clientIP: String?, status: Int, outcome: String,
        relayed: UpstreamForwarder.Relayed?, since started: ContinuousClock.Instant
    ) async {
        let usage = relayed?.usage
        let elapsed = ContinuousClock.now - started
        // A deployment label only for configured deployments, so a caller cannot create series at will.
        let deploymentLabel = decision.route.map(\.deployment).flatMap { name in
            configuration.upstreams(serving: name).isEmpty ? nil : name.lowercased()
        } ?? "other"
        metrics.recordRequest(deployment: deploymentLabel, operation: operation.rawValue, status: status, decision: outcome, duration: elapsed)
        if let usage { metrics.recordTokens(identity: decision.identity ?? "anonymous", deployment: deploymentLabel, usage: usage) }
        guard let audit else { return }
        var record = AuditRecord(
            time: Date(), requestID: requestID, identity: decision.identity, clientIP: clientIP,
            deployment: decision.route?.deployment, operation: operation.rawValue, upstream: decision.upstream,
            status: status,
            latencyMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            totalTokens: usage?.total, decision: outcome, policy: decision.policy, prompt: decision.prompt,
            completion: relayed?.completion.map(auditContent)
        )
        record.guards = decision.guards + (relayed?.filtered.map { ["completion:" + Self.describe($0)] } ?? [])
        do {
            try await audit.append(record)
        } catch {
            // The request has been answered; losing its record must at least be loud. No secret is in the error.
            logger.error("audit log write failed", metadata: ["error": "\(error)"])
        }
    }

    private func process(
        _ request: Request, operation: GatewayOperation, clientIP: String?, decision: inout Decision,
        route makeRoute: (ByteBuffer) throws(GatewayError) -> InferenceRoute
    ) async throws(GatewayError) -> UpstreamForwarder.Attempt {
        let identity = try await authenticator.authenticate(request.headers)
        decision.identity = identity.label
        if let suspension = try abuse?.suspension(for: identity.label) {
            throw GatewayError(.forbidden, code: "identity_suspended",
                               "\(identity.label) is suspended by abuse monitoring until \(suspension.until.formatted(.iso8601)) (\(suspension.reason)).")
        }
        var request = request
        var body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        } catch {
            throw GatewayError(.contentTooLarge, code: "body_too_large", "The request body is larger than \(configuration.maximumBodyBytes) bytes.")
        }
        let route = try makeRoute(body)
        decision.route = route
        let grant = try AccessDecision.grant(for: identity, deployment: route.deployment, operation: operation, clientIP: clientIP)
        decision.policy = grant.name
        let candidates = configuration.upstreams(serving: route.deployment)
        guard !candidates.isEmpty else {
            throw GatewayError(.notFound, code: "DeploymentNotFound", "The API deployment for this resource does not exist.")
        }
        let allowed = candidates.filter { Geography.allows(grant.regions, region: $0.region) }
        guard !allowed.isEmpty else {
            throw GatewayError(.forbidden, code: "region_not_allowed", "No upstream for '\(route.deployment)' is in a region \(grant.name) allows (\(grant.regions.joined(separator: ", "))).")
        }
        if let engine = guardEngine(for: grant) {
            try await checkPrompt(&body, engine: engine, decision: &decision)
            if engine.profile.checkCompletions { decision.completionGuard = engine }
        }
        if contentLogging != .none { decision.prompt = auditContent(String(buffer: body)) }
        let attempt = try await routing.forward(body, headers: request.headers, route: route, candidates: allowed)
        decision.upstream = attempt.upstream.name
        return attempt
    }

    /// The application listening where the configuration says: TLS 1.2 or newer when `tls` is configured.
    /// - Throws: when the certificate or key cannot be loaded.
    public func application() throws -> some ApplicationProtocol {
        let address = ApplicationConfiguration(address: .hostname(configuration.listener.host, port: configuration.listener.port), serverName: "bulwark-gateway")
        let http1 = HTTP1Channel.Configuration(httpDecoderConfiguration: .init(
            maxHeaderFieldSize: configuration.maximumHeaderBytes, maxHeaderListSize: configuration.maximumHeaderBytes,
            maxHeaderFieldCount: configuration.maximumHeaderCount
        ))
        guard let files = configuration.listener.tls else {
            return Application(router: router(), server: .http1(configuration: http1), configuration: address, logger: logger)
        }
        let certificates = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return Application(router: router(), server: try .tls(.http1(configuration: http1), tlsConfiguration: tls), configuration: address, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting and gives in-flight requests (streams included)
    /// `shutdownDrainSeconds` to finish before cancelling them; a cut stream is recorded as `stream_interrupted`.
    public func run(_ application: some ApplicationProtocol) async throws {
        var group = ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownDrainSeconds)
        try await ServiceGroup(configuration: group).run()
    }
}
