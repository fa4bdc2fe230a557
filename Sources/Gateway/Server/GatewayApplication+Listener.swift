public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

extension GatewayApplication {
    /// The application listening where the configuration says: TLS 1.2 or newer when `tls` is configured. Each
    /// connection is handled on its own event loop (``EventLoopPinnedChannel``).
    /// - Throws: when the certificate or key cannot be loaded.
    public func application() throws -> some ApplicationProtocol {
        let address = ApplicationConfiguration(
            address: .hostname(configuration.listener.host, port: configuration.listener.port), serverName: "bulwark-gateway")
        let http1 = HTTP1Channel.Configuration(
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: configuration.maximumHeaderBytes, maxHeaderListSize: configuration.maximumHeaderBytes,
                maxHeaderFieldCount: configuration.maximumHeaderCount
            ))
        guard let files = configuration.listener.tls else {
            return Application(router: router(), server: httpServer(http1), configuration: address, logger: logger)
        }
        let certificates = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return Application(
            router: router(), server: try .tls(httpServer(http1), tlsConfiguration: tls), configuration: address, logger: logger)
    }

    /// The metrics listener `metrics.listen` names (plain HTTP, `/metrics` only), or nil when none is configured.
    public func metricsApplication() -> (any ApplicationProtocol)? {
        guard let listener = configuration.metricsListener else { return nil }
        return Application(
            router: metricsRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(listener.host, port: listener.port), serverName: "bulwark-gateway-metrics"),
            logger: logger)
    }
}
