/// A fake server could not be started as a test needs it.
public enum FakeServerError: Error, Sendable {
    /// The live test server reported no port.
    case noPort
    /// A loopback socket could not be made or bound.
    case socket(String)
}
