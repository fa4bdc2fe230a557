public import APIKeys
public import AsyncHTTPClient
public import AuditLog
public import Foundation
public import GatewayConfig
import Hummingbird
import AzureCredentials
import EntraID
public import RateLimits
import RedisLimitStore
import Crypto
public import Logging
public import ServiceLifecycle

/// The gateway's request handling: the Azure OpenAI data plane and v1 routes, behind key authentication,
/// authorisation and data-residency routing, as a Hummingbird router. Listening (TLS) and the lifecycle are
/// ``GatewayServer``'s; the queues this application fills are in ``services``, which must run while it serves.
public struct GatewayApplication: Sendable {
    public let configuration: GatewayConfiguration
    /// The key store; a blocking one (SQLite) behind ``BlockingKeyStore``.
    let keyStore: any KeyStore
    let metrics: GatewayMetrics
    let handler: InferenceHandler
    /// `GET /openai/v1/models`, from the configuration.
    let models: ModelsRoute
    let logger: Logger
    let io: BlockingIO
    /// Abuse webhook alerts, sent in the background.
    let alerts: DeferredWork
    /// Records of responses the client dropped before their body was written.
    let disconnections: DeferredWork
    /// Usage records on their way to the ledger, written in batches.
    let ledgerWriter: LedgerWriter?
    /// Where limit counters live; shut down (settlements still waiting written) after everything that settles.
    let limitStore: any LimitStore
    /// Keeps the memory of accepted SQLite keys fresh; without it running, that memory is never believed.
    let keyWatcher: KeyChangeWatcher?
    /// Realtime sessions over WebSocket: the same controls at the upgrade, then the relay.
    let realtime: RealtimeRelay
    /// The upstreams' circuit breakers, which `/readyz` reads.
    let breakers: CircuitBreakers
    /// Records exchanges no route answers.
    let recorder: RequestRecorder

    /// - Parameters:
    ///   - keyStore: SQLite or PostgreSQL; calls to a store that blocks run on the blocking pool.
    ///   - audit: the audit log; the application appends to it, ``GatewayServer`` seals it.
    ///   - environment: where upstream keys and credential settings are read.
    ///   - ledger: where each forwarded request's usage is recorded (the key store's own), if anywhere; a shared
    ///     limit store that comes back empty rebuilds its calendar quotas from it before admitting again (without one,
    ///     they start from zero).
    ///   - ownership: who owns stored objects (responses, files, batches, conversations); by default the key store's
    ///     own table, when it keeps one (SQLite and PostgreSQL do).
    ///   - upstreamClients: what requests are forwarded with; by default `httpClient`. ``GatewayServer`` passes one
    ///     client per event loop.
    ///   - now: the clock circuit breakers and abuse scores read (a manual one in tests).
    public init(
        configuration: GatewayConfiguration, keyStore: any KeyStore, ledger: (any UsageLedger)? = nil, httpClient: HTTPClient,
        audit: AuditLogWriter? = nil, ownership: (any ObjectOwnershipStore)? = nil, upstreamClients: UpstreamClients? = nil,
        logger: Logger = Logger(label: "bulwark.gateway"), environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.configuration = configuration
        let io = BlockingIO.shared
        self.io = io
        let baseKeyStore = keyStore
        let keyStore = BlockingKeyStore.wrapping(keyStore, io: io)
        self.keyStore = keyStore
        // A ledger kept by a store that blocks (SQLite) runs on the blocking pool too.
        let ledger = ledger.map { ledger -> any UsageLedger in
            (ledger as? any KeyStore)?.performsBlockingIO == true ? BlockingUsageLedger(base: ledger, io: io) : ledger
        }
        keyWatcher = (keyStore as? RememberingKeyStore)?.watcher
        self.logger = logger
        let metrics = GatewayMetrics()
        self.metrics = metrics
        let alerts = DeferredWork()
        let disconnections = DeferredWork()
        self.alerts = alerts
        self.disconnections = disconnections
        let trail = audit.map { AuditTrail(writer: $0, io: io) }
        let tokens = configuration.entra.map { settings in
            EntraTokenValidator(
                settings: settings.validation,
                keys: SigningKeySet(
                    maximumAge: .seconds(settings.keysRefreshSeconds),
                    fetch: SigningKeySet.fetching(from: settings.jwksURL, client: httpClient)
                ))
        }
        let authenticator = ClientAuthenticator(store: keyStore, tokens: tokens, policies: configuration.entra?.policies ?? [])
        let abuse = configuration.abuse.map { settings in
            AbuseMonitor(
                settings: settings, store: keyStore, audit: trail, alerts: WebhookAlerts(client: httpClient, queue: alerts, logger: logger),
                logger: logger, now: now
            )
        }
        // One token cache per upstream that authenticates with Entra tokens.
        var credentials: [String: CachedCredential] = [:]
        for upstream in configuration.upstreams {
            if case .entraToken(let source, let scope) = upstream.authentication {
                credentials[upstream.name] = CachedCredential(source: source, scope: scope, client: httpClient, environment: environment)
            }
        }
        let forwarder = UpstreamForwarder(
            clients: upstreamClients ?? UpstreamClients(shared: httpClient), environment: environment, credentials: credentials,
            logger: logger)
        let breakers = CircuitBreakers(now: now)
        self.breakers = breakers
        let routing = UpstreamRouting(forwarder: forwarder, breakers: breakers, metrics: metrics, logger: logger)
        let content = AuditContent(configuration: configuration, auditing: trail != nil)
        let authenticationStep = Authentication(authenticator: authenticator)
        let suspension = abuse.map { SuspensionCheck(abuse: $0) }
        var steps: [any InferenceStep] = [authenticationStep]
        if let suspension { steps.append(suspension) }
        let authentication = InferencePipeline(steps: steps)
        // Who owns stored objects: the key store's own table (SQLite or PostgreSQL).
        let ownership = ownership ?? (baseKeyStore as? any ObjectOwnershipStore)
        let owners = ownership.map { BlockingOwnershipStore.wrapping($0, io: io) }
        steps += [
            BodyReading(maximumBytes: configuration.maximumBodyBytes), RouteResolution(), ObjectResolution(store: owners),
            ObjectReferences(store: owners), MediaAccounting(), Authorisation(), BatchInputAuthorisation(),
            Residency(configuration: configuration),
        ]
        // Always in place: any key may carry limits of its own. With no rule matching, the step only looks.
        let limits = Self.makeLimitStore(
            configuration.limits, environment: environment, ledger: ledger, keyStore: keyStore, metrics: metrics, logger: logger)
        limitStore = limits
        let rateLimiting = RateLimiting(settings: configuration.limits, store: limits, metrics: metrics)
        steps.append(rateLimiting)
        let guards = PromptGuarding(configuration: configuration, metrics: metrics, abuse: abuse)
        steps += [guards, ContentCapture(content: content), StreamUsageRequest()]
        var recorder = RequestRecorder(configuration: configuration, metrics: metrics, audit: trail, content: content, limits: limits)
        let ledgerWriter = ledger.map { LedgerWriter(ledger: $0, logger: logger) }
        self.ledgerWriter = ledgerWriter
        recorder.ledger = ledgerWriter
        self.recorder = recorder
        realtime = RealtimeRelay(
            pipeline: InferencePipeline(
                steps: RealtimeRelay.steps(
                    authentication: authenticationStep, suspension: suspension, residency: Residency(configuration: configuration),
                    limits: rateLimiting)),
            guards: guards, recorder: recorder, forwarder: forwarder, breakers: breakers, limits: limits, metrics: metrics, abuse: abuse,
            trustedProxies: configuration.trustedProxies)
        models = ModelsRoute(
            configuration: configuration, pipeline: authentication, trustedProxies: configuration.trustedProxies, recorder: recorder)
        handler = InferenceHandler(
            pipeline: InferencePipeline(steps: steps),
            forwarding: Forwarding(routing: routing, maximumBodyBytes: configuration.maximumBodyBytes),
            recorder: recorder,
            metrics: metrics, abuse: abuse, disconnections: disconnections, trustedProxies: configuration.trustedProxies,
            ownership: owners, listing: ObjectListing(store: owners, routing: routing)
        )
    }

    /// The HTTP client for upstreams, identity endpoints and signing keys: a refused connection fails at once
    /// (so the next upstream is tried) instead of being retried until the request's deadline, and as many
    /// connections are opened to one upstream as there are requests in flight.
    public static func makeHTTPClient() -> HTTPClient {
        HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpClientConfiguration())
    }

    static func httpClientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        // Every request in flight holds an upstream connection for as long as its answer streams (a minute, for a
        // long completion): the library's default of 8 per host would queue the rest, and fail them with 502 once
        // they had waited the connect timeout.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 4_096
        configuration.timeout.connect = .seconds(5)
        configuration.redirectConfiguration = .disallow
        // No tracer: the gateway does not trace, and the library's default (the global one, a no-op here) still built
        // a span and its attributes for every upstream request.
        configuration.tracing.tracer = nil
        return configuration
    }

    /// What replicas sharing a store must agree on: the rules, and what a key's own limits and every charge depend on
    /// (`onStoreError` for key limits, prices, encodings, the default completion reservation).
    static func canonicalDescription(of limits: GatewayConfiguration.Limits) -> String {
        var lines = [LimitRule.canonicalDescription(of: limits.rules), "onStoreError=\(limits.onStoreError.rawValue)"]
        lines += limits.prices.sorted { $0.key < $1.key }.map { "price \($0.key)=\($0.value.inputPerMillion)/\($0.value.outputPerMillion)" }
        lines += limits.encodings.sorted { $0.key < $1.key }.map { "encoding \($0.key)=\($0.value.rawValue)" }
        lines.append("defaultCompletionTokens=\(limits.defaultCompletionTokens)")
        return lines.joined(separator: "\n")
    }

    /// The limit store `limits.store` names: this replica's memory, or Redis shared by the replicas (its password
    /// from `limits.passwordEnv`, its rules compared with the other replicas' by a SHA-256 of their canonical
    /// description).
    static func makeLimitStore(
        _ limits: GatewayConfiguration.Limits, environment: [String: String], ledger: (any UsageLedger)?, keyStore: any KeyStore,
        metrics: GatewayMetrics, logger: Logger
    ) -> any LimitStore {
        guard case .redis(let shared) = limits.store else { return MemoryLimitStore() }
        var server = shared.server
        if let variable = shared.passwordEnvironment, let password = environment[variable], !password.isEmpty {
            server.password = password
        }
        let digest = SHA256.hash(data: Array(Self.canonicalDescription(of: limits).utf8))
        let configuration = RedisLimitStore.Configuration(
            redis: server, keyPrefix: shared.keyPrefix, timeout: shared.timeout,
            rulesHash: digest.map { String(format: "%02x", $0) }.joined(), rules: limits.rules, replicas: shared.replicas)
        // Every key's own quotas, so a rebuild after Redis comes back empty covers keys this replica has not served.
        // A key store that cannot be read fails the rebuild (closed rules keep refusing), like an unreadable ledger.
        let keyQuotas: @Sendable () async throws(UsageLedgerError) -> [LimitRule] = { () async throws(UsageLedgerError) in
            let keys: [APIKeyRecord]
            do { keys = try await keyStore.list() } catch { throw UsageLedgerError("the key store: \(error)") }
            return keys.flatMap { key in key.scope.limits.compactMap { try? KeyLimits.rule(for: $0) } }
        }
        return RedisLimitStore(configuration: configuration, ledger: ledger, knownQuotaRules: keyQuotas, logger: logger) { measurement in
            metrics.recordLimitStore(
                operation: measurement.operation.rawValue, duration: measurement.duration, error: measurement.error)
        }
    }

    /// The background work this application queues (webhook alerts, records of dropped responses): services to
    /// run, in one `ServiceGroup`, before the server in its list (so they stop after it and finish their queue).
    public var services: [any Service] {
        // First, so it stops last: the records of dropped responses, which settle reservations, go before it.
        [LimitStoreService(store: limitStore), alerts, disconnections] + (ledgerWriter.map { [$0] } ?? [])
            + (keyWatcher.map { [$0] } ?? [])
    }
}
