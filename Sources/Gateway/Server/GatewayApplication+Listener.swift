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
            return Application(router: router(), server: Self.pinnedHTTP1(http1), configuration: address, logger: logger)
        }
        let certificates = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        let tlsConfiguration = tls
        let server = HTTPServerBuilder { responder in
            EventLoopPinnedChannel(
                base: try TLSChannel(HTTP1Channel(responder: responder, configuration: http1), tlsConfiguration: tlsConfiguration))
        }
        return Application(router: router(), server: server, configuration: address, logger: logger)
    }

    /// Plain HTTP/1 with each connection handled on its own event loop (``EventLoopPinnedChannel``).
    static func pinnedHTTP1(_ configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in EventLoopPinnedChannel(base: HTTP1Channel(responder: responder, configuration: configuration)) }
    }
}
