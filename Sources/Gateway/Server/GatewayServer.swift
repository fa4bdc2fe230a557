import APIKeys
import Hummingbird
import PostgresStore
import AuditLog
import Crypto
public import Foundation
public import GatewayConfig
public import Logging
import ServiceLifecycle

/// The gateway process: opens the key store and the audit log, builds the application and its listener, and
/// runs every long-running part as a service of one `ServiceGroup` until SIGTERM or SIGINT. In list order (the
/// group stops them in reverse): the HTTP client, a PostgreSQL key store (pool, migration, change listener), the
/// audit log (sealed when it stops), the application's background queues, the server (which drains for
/// `shutdownDrainSeconds`, then cuts what is left), and the metrics listener when one is configured.
public struct GatewayServer: Sendable {
    public let configuration: GatewayConfiguration
    let logger: Logger
    let environment: [String: String]
    /// Bulwark's version, recorded in a new audit log's genesis record.
    let version: String

    /// Why the gateway could not start. Its description is the message for the operator; it holds no secret.
    public struct StartupError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// - Parameters:
    ///   - configuration: a validated configuration.
    ///   - environment: where the key pepper, the audit key and upstream keys are read.
    ///   - version: Bulwark's version, for the audit log's genesis record.
    public init(
        configuration: GatewayConfiguration, logger: Logger = Logger(label: "bulwark.gateway"),
        environment: [String: String] = ProcessInfo.processInfo.environment, version: String = "unknown"
    ) {
        self.configuration = configuration
        self.logger = logger
        self.environment = environment
        self.version = version
    }

    /// Serves until SIGTERM or SIGINT, drains, then stops the services in reverse order.
    /// - Throws: ``StartupError`` when the key store, the audit log or the TLS files cannot be opened; else what
    ///   the service group throws.
    public func run() async throws {
        let keys = try openKeyStore()
        let audit = try openAuditLog()
        try loadTokenizers()
        let httpClient = GatewayApplication.makeHTTPClient()
        let upstreamClients = UpstreamClients(perLoopOf: .singleton, configuration: GatewayApplication.httpClientConfiguration())
        let gateway = GatewayApplication(
            configuration: configuration, keyStore: keys.store, ledger: keys.ledger, httpClient: httpClient, audit: audit,
            upstreamClients: upstreamClients, logger: logger, environment: environment)
        let application: any ApplicationProtocol
        do { application = try gateway.application() } catch {
            try? await httpClient.shutdown()
            await upstreamClients.shutdown()
            throw StartupError(description: "cannot load the TLS certificate or key: \(error)")
        }
        var services: [any Service] = [HTTPClientService(clients: [httpClient] + upstreamClients.all)]
        if let service = keys.service { services.append(service) }
        if let audit { services.append(AuditTrail(writer: audit)) }
        services += gateway.services
        let listen = configuration.listener
        services.append(
            DrainingServer(
                server: ListenerService(server: application, address: "\(listen.host):\(listen.port)", setting: "listen"),
                deadline: .seconds(configuration.shutdownDrainSeconds)))
        // Last, so it stops first: Prometheus's own listener, when `metrics.listen` names one.
        if let metrics = gateway.metricsApplication(), let listener = configuration.metricsListener {
            services.append(ListenerService(server: metrics, address: "\(listener.host):\(listener.port)", setting: "metrics.listen"))
        }
        let group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await ServiceGroup(configuration: group).run()
    }

    /// The key store `keys.store` names, with its ledger; PostgreSQL's password from `keys.passwordEnv` (or
    /// `PGPASSWORD`). The location is never echoed in full, and the password never.
    private func openKeyStore() throws(StartupError) -> OpenedKeyStore {
        var pepper: [UInt8]?
        if let variable = configuration.keyPepperEnvironment {
            guard let value = environment[variable], !value.isEmpty else {
                throw StartupError(description: "keys.pepperEnv names \(variable), which is not set")
            }
            pepper = Array(value.utf8)
        }
        do {
            return try KeyStores.open(
                configuration.keyStore, pepper: pepper, passwordEnvironment: configuration.keyStorePasswordEnvironment,
                environment: environment, logger: logger)
        } catch {
            throw StartupError(description: "keys.store: \(error)")
        }
    }

    /// Loads the vocabularies token and spend rules count with, as `gateway validate` does.
    private func loadTokenizers() throws(StartupError) {
        if let problem = configuration.limits.vocabularyProblem(upstreams: configuration.upstreams) {
            throw StartupError(description: problem)
        }
    }

    private func openAuditLog() throws(StartupError) -> AuditLogWriter? {
        guard let settings = configuration.audit else { return nil }
        let key = SymmetricKey(data: Array((environment[settings.keyEnvironment] ?? "").utf8))
        do {
            return try AuditLogWriter(path: settings.path, key: key, maximumBytes: settings.maximumBytes, gatewayVersion: version)
        } catch {
            throw StartupError(description: "\(error)")
        }
    }
}
