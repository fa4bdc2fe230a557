import AsyncHTTPClient
import ServiceLifecycle

/// The shared HTTP client as a service: it shuts the client down when the group stops. First in the group's
/// list, so it stops last, after everything that sends requests with it.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async {
        try? await gracefulShutdown()
        try? await client.shutdown()
    }
}
