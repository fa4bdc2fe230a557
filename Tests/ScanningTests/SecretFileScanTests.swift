import Foundation
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

@Suite("Secrets in scanned files")
struct SecretFileScanTests {
    @Test("secrets in .env, source and settings JSON become BW-SECRET-001 failures at file:line:column, without their values")
    func findsSecrets() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secret-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "ENDPOINT=https://x.openai.azure.com\nAZURE_OPENAI_API_KEY=0123456789abcdef0123456789abcdef\n".write(
            to: folder.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "import os\n\nkey = \"AKIAIOSFODNN7EXAMPLE\"\n".write(
            to: folder.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        try #"{"note": "no secrets here", "mail": "ops@contoso.com"}"#.write(
            to: folder.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        try Data([0x00, 0x01, 0x02]).write(to: folder.appendingPathComponent("blob.txt"))
        let catalog = RuleCatalog.builtIn()
        let result = await Scanner.arm().scan(ScanRequest(paths: [folder.path], catalog: catalog))
        let failures = result.findings.filter { $0.ruleID == "BW-SECRET-001" && $0.status == .fail }
        let places = Set(failures.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):\($0.location.column)" })
        #expect(places == [".env:2:22", "app.py:3:8"])
        #expect(failures.allSatisfy { !$0.message.contains("AKIA") && !$0.message.contains("0123456789abcdef") })
        #expect(result.errors.isEmpty)
    }

    @Test("a Bicep connection string built from listKeys() is not BW-SECRET-001; a literal AccountKey beside it is")
    func interpolationsAreReferences() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secret-refs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let literal = String(repeating: "Zm9vYmFy", count: 11) + "=="  // 90 characters of base64
        try """
        param name string
        resource st 'Microsoft.Storage/storageAccounts@2023-05-01' existing = { name: name }
        output fromKeys string = 'DefaultEndpointsProtocol=https;AccountName=${st.name};AccountKey=${st.listKeys().keys[0].value}'
        output committed string = 'DefaultEndpointsProtocol=https;AccountName=${st.name};AccountKey=\(literal);EndpointSuffix=x'

        """.write(to: folder.appendingPathComponent("main.bicep"), atomically: true, encoding: .utf8)
        let result = await Scanner.arm().scan(ScanRequest(paths: [folder.path], catalog: RuleCatalog.builtIn()))
        let failures = result.findings.filter { $0.ruleID == "BW-SECRET-001" && $0.status == .fail }
        #expect(failures.map(\.location.line) == [4], "\(failures.map(\.message))")
    }
}
