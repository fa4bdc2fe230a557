import ScanTesting
import Testing

extension CommandLineTests {
    @Test("keys create --operations takes realtime like the other operations, and names it when refusing an unknown one")
    func realtimeOperation() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let created = try run([
            "keys", "create", "--store", store, "--name", "voice", "--deployments", "gpt-4o-realtime", "--operations", "realtime",
        ])
        #expect(created.status == 0)
        #expect(created.output.contains("operations realtime"))
        let refused = try run(["keys", "create", "--store", store, "--name", "x", "--deployments", "d", "--operations", "telepathy"])
        #expect(refused.status == 2 && refused.error.contains("realtime"))
    }
}
