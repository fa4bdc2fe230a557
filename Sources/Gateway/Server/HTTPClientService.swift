import AsyncHTTPClient
import ServiceLifecycle

/// The gateway's HTTP clients as a service: it shuts them down when the group stops. First in the group's list, so
/// it stops last, after everything that sends requests with them.
struct HTTPClientService: Service {
    let clients: [HTTPClient]

    func run() async {
        try? await gracefulShutdown()
        for client in clients { try? await client.shutdown() }
    }
}
