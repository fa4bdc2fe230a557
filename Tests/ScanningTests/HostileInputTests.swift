import Foundation
import LocatedJSON
import PostureModel
import Reports
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// Inputs written to break a scanner: every one gets a located problem or a safe value, never a crash, a hang
/// or a leaked secret.
@Suite("Hostile input")
struct HostileInputTests {
    static let catalog = RuleCatalog.builtIn()

    func scan(_ paths: [String], parameters: String? = nil) async -> ScanResult {
        await Scanner.arm(parameterFile: parameters).scan(ScanRequest(paths: paths, catalog: Self.catalog))
    }

    @Test("deeply nested expressions are refused, not a stack overflow")
    func deepExpression() async throws {
        let folder = try TemporaryFolder()
        let deep = String(repeating: "concat(", count: 5_000) + "'x'" + String(repeating: ")", count: 5_000)
        let template = try folder.write("deep.json", Fixtures.accountTemplate(properties: #"{"customSubDomainName": "[\#(deep)]"}"#))
        let result = await scan([template])
        #expect(result.problems.contains { $0.code == .invalidExpression && $0.message.contains("levels of nested calls") })
        #expect(result.files == [template])
    }

    @Test("a number too large for a double is a located error")
    func hugeNumber() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("huge.json", Fixtures.accountTemplate(properties: #"{"capacity": 1e400}"#))
        let result = await scan([template])
        #expect(result.errors.map(\.code) == [.malformedJSON])
        #expect(result.errors.first?.message == "expected a number that fits in a double, found 1e400")
    }

    @Test("array indexes that are huge, negative or fractional are reported, not a crash", arguments: ["1e300", "-1", "1.5"])
    func badIndexes(index: String) async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("index.json", """
            {"contentVersion": "1.0.0.0", "parameters": {"i": {"type": "int", "defaultValue": \(index)}},
             "resources": [{"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "a",
               "properties": {"customSubDomainName": "[createArray('a', 'b')[parameters('i')]]"}}]}
            """)
        let result = await scan([template])
        #expect(result.problems.contains { $0.message.contains("is not a position in an array of 2") })
    }

    @Test("secrets typed through $ref or inside objects never reach any report")
    func secretsStaySecret() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "languageVersion": "2.0",
             "contentVersion": "1.0.0.0",
             "definitions": {"secretT": {"type": "securestring"}},
             "parameters": {"a": {"$ref": "#/definitions/secretT"}, "b": {"type": "object", "properties": {"key": {"type": "securestring"}}}},
             "resources": {"acct": {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "acct",
               "properties": {"disableLocalAuth": "[parameters('a')]", "customSubDomainName": "[parameters('b').key]"}}}}
            """)
        try folder.write("main.parameters.json", #"{"parameters": {"a": {"value": "SuperSecret-P@ss"}, "b": {"value": {"key": "AnotherSecret"}}}}"#)
        let result = await scan([template])
        let outputs = [
            String(decoding: try JSONReport().render(result), as: UTF8.self),
            String(decoding: try SARIFReport().render(result), as: UTF8.self),
            TableReport(useColor: false, verbose: true).render(result),
        ]
        for output in outputs {
            #expect(!output.contains("SuperSecret") && !output.contains("AnotherSecret"))
        }
        #expect(result.findings.first { $0.ruleID == "BW-AI-001" }?.status == .unknown)
    }

    @Test("control characters in names cannot drive the terminal")
    func controlCharacters() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("evil.json", Fixtures.accountTemplate(name: #"evil\u001b]0;pwned\u0007\u001b[2J"#))
        let table = TableReport(useColor: false).render(await scan([template]))
        #expect(!table.contains("\u{1B}"))
        #expect(table.contains("evil\\u{1b}]0;pwned\\u{7}"))
    }

    @Test("a template named on the command line takes the parameter file beside it")
    func namedTemplatePairs() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": "[not(parameters('localAuth'))]"}"#))
        try folder.write("main.parameters.json", #"{"parameters": {"localAuth": {"value": false}}}"#)
        let result = await scan([template])
        #expect(result.findings.first { $0.ruleID == "BW-AI-001" }?.status == .pass)
    }

    @Test("--parameters with only folders is a warning, not silently ignored")
    func parametersWithFolders() async throws {
        let folder = try TemporaryFolder()
        try folder.write("main.json", Fixtures.accountTemplate())
        let parameters = try folder.write("prod.json", #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}"#)
        let result = await scan([folder.path + "/"], parameters: parameters)
        #expect(result.problems.contains { $0.message.hasPrefix("--parameters applies to templates named on the command line") })
    }

    @Test("parameter files with no template are noted in the order they were found, on every run")
    func unpairedParameterFilesInOrder() async throws {
        let folder = try TemporaryFolder()
        let names = (1...12).map { String(format: "p%02d.parameters.json", $0) }
        for name in names { try folder.write(name, #"{"parameters": {"a": {"value": 1}}}"#) }
        let result = await scan([folder.path])
        let noted = result.problems.filter { $0.message.hasPrefix("skipped: parameter file with no template") }.map(\.location.file)
        #expect(noted == names.map { folder.path + "/" + $0 })
    }

    @Test("a symbolic link to a template is followed; a link to a folder is noted and not followed")
    func symbolicLinks() async throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("real/main.json", Fixtures.accountTemplate())
        try FileManager.default.createDirectory(atPath: folder.path + "/scan", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/scan/linked.json", withDestinationPath: target)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/scan/loop", withDestinationPath: folder.path + "/scan")
        let result = await scan([folder.path + "/scan"])
        #expect(result.files == [folder.path + "/scan/linked.json"])
        #expect(result.problems.contains { $0.severity == .note && $0.message.contains("symbolic link to a folder") })
    }

    @Test("credentials inside evidence are redacted in every report")
    func redactsSecretsInEvidence() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("graph.json", """
            {"contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.Graph/servicePrincipals", "apiVersion": "v1.0", "name": "app",
              "properties": {"passwordCredentials": [{"keyId": "k", "secretText": "Sup3rS3cret~Value", "startDateTime": "2020-01-01T00:00:00Z"}]}}]}
            """)
        let result = await scan([template])
        #expect(result.findings.contains { $0.ruleID == "BW-APP-001" && $0.status == .fail })
        let outputs = [
            String(decoding: try JSONReport().render(result), as: UTF8.self),
            String(decoding: try SARIFReport().render(result), as: UTF8.self),
            TableReport(useColor: false, verbose: true).render(result),
        ]
        for output in outputs { #expect(!output.contains("Sup3rS3cret")) }
        #expect(outputs[0].contains("<redacted>"))
    }
}
