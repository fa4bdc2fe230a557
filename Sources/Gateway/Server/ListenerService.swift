import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A listener run as a service, whose failure to bind is told as the operator needs it: "address 127.0.0.1:8080 is
/// already in use", with the setting to change (a ``GatewayServer/StartupError``, exit 2), instead of the socket
/// call's own text.
struct ListenerService: Service {
    let server: any Service
    /// `host:port` as configured.
    let address: String
    /// The configuration key that names it: `listen` or `metrics.listen`.
    let setting: String

    func run() async throws {
        do {
            try await server.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw GatewayServer.StartupError(
                description: "address \(address) is already in use: choose another \(setting), or stop the process listening there")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw GatewayServer.StartupError(
                description: "address \(address) is not available on this machine: choose another \(setting)")
        } catch let error as IOError where error.errnoCode == EACCES {
            throw GatewayServer.StartupError(
                description:
                    "no permission to listen on \(address): choose a port above 1023 for \(setting), or run with the right to bind it")
        }
    }
}
