import Foundation
import LocatedJSON
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// Every kind of bad input gets a located, explained problem; nothing crashes; the other inputs are scanned.
@Suite("Bad input")
struct BadInputTests {
    static let catalog = RuleCatalog.builtIn()

    func scan(_ paths: [String], parameters: String? = nil) async -> ScanResult {
        await Scanner.arm(parameterFile: parameters).scan(ScanRequest(paths: paths, catalog: Self.catalog))
    }

    /// Scans `bad` beside a good template and checks the problem and that the good one was still judged.
    func expectProblem(_ bad: (TemporaryFolder) throws -> String, code: Diagnostic.Code, line: Int, column: Int, message: String) async throws {
        let folder = try TemporaryFolder()
        let badPath = try bad(folder)
        let good = try folder.write("good.json", Fixtures.accountTemplate())
        let result = await scan([badPath, good])
        let problem = try #require(result.errors.first, "no error reported for \(badPath)")
        #expect(result.errors.count == 1)
        #expect(problem.code == code)
        #expect(problem.location == SourceModel.SourceLocation(file: badPath, line: line, column: column))
        #expect(problem.message == message)
        #expect(result.findings.contains { $0.resource.source.file == good && $0.ruleID == "BW-AI-001" && $0.status == .fail }, "the good template was not scanned")
        #expect(result.exitCode(failOn: .low) == 2)
    }

    @Test("malformed JSON")
    func malformedJSON() async throws {
        try await expectProblem({ try $0.write("bad.json", "{\n  \"resources\": [\n    {\"type\": \"x\" \"name\": \"y\"}\n  ]\n}") },
            code: .malformedJSON, line: 3, column: 18, message: "expected ',' or '}' after object member, found '\"'")
    }

    @Test("a file that is not UTF-8")
    func notUTF8() async throws {
        try await expectProblem({ try $0.write("latin1.json", Data([0x7B, 0x0A, 0x22, 0x6E, 0xE9, 0x22, 0x3A, 0x31, 0x7D])) },
            code: .invalidUTF8, line: 2, column: 3, message: "invalid UTF-8 byte 0xE9; save the file as UTF-8")
    }

    @Test("an empty file")
    func emptyFile() async throws {
        try await expectProblem({ try $0.write("empty.json", "") },
            code: .emptyFile, line: 1, column: 1, message: "the file is empty; expected an ARM template (a JSON object with 'resources')")
    }

    @Test("a JSON file that is not a template, named on the command line")
    func notATemplate() async throws {
        try await expectProblem({ try $0.write("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}") },
            code: .notATemplate, line: 1, column: 1,
            message: "expected an ARM deployment template: a JSON object with '$schema' ending in deploymentTemplate.json#, or 'resources' and 'contentVersion'")
    }

    @Test("a template whose resources is neither an array nor an object")
    func resourcesNotArray() async throws {
        try await expectProblem({ try $0.write("shape.json", "{\n  \"contentVersion\": \"1.0.0.0\",\n  \"resources\": \"none\"\n}") },
            code: .invalidTemplate, line: 3, column: 16,
            message: "expected 'resources' to be an array, or an object of symbolic names (languageVersion 2.0), found a string")
    }

    @Test("a path that does not exist")
    func missingPath() async throws {
        try await expectProblem({ $0.path + "/nope/missing.json" },
            code: .fileNotFound, line: 1, column: 1, message: "no such file or folder; check the path")
    }

    @Test("a rule file with an unknown operator stops nothing else")
    func badRuleFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/bad.yaml", """
            rules:
              - id: BW-CUSTOM-001
                title: Custom
                severity: low
                category: custom
                controls: []
                resource: { types: [Microsoft.CognitiveServices/accounts] }
                require: { field: properties.x, equalz: 1 }
                message: m
                rationale: r
                remediation: { az: a, bicep: b, terraform: t }
                examples: { pass: {}, fail: {} }
            """)
        var catalog = Self.catalog
        catalog.addRules(inFolder: folder.url.appendingPathComponent("rules"))
        let good = try folder.write("good.json", Fixtures.accountTemplate())
        let result = await Scanner.arm().scan(ScanRequest(paths: [good], catalog: catalog))
        #expect(result.errors.map(\.code) == [.invalidRule])
        #expect(result.errors.first?.location.line == 8)
        #expect(result.errors.first?.message.hasPrefix("unknown operator 'equalz'") == true)
        #expect(result.findings.contains { $0.ruleID == "BW-AI-001" && $0.status == .fail })
        #expect(result.exitCode(failOn: .low) == 2)
    }

    @Test("walking a folder skips non-templates quietly and pairs parameter files")
    func folderWalk() async throws {
        let folder = try TemporaryFolder()
        try folder.write("expected.json", #"{"check": "CKV_AZURE_1", "passing": []}"#)
        try folder.write("notes.yaml", "a: 1")
        try folder.write("main.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": "[not(parameters('localAuth'))]"}"#))
        try folder.write("main.parameters.json", #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"localAuth": {"value": false}}}"#)
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty)
        #expect(result.files.count == 1)
        #expect(result.problems.filter { $0.severity == .note }.count == 1, "expected.json is noted as not a template; notes.yaml is read for secrets only")
        let finding = try #require(result.findings.first { $0.ruleID == "BW-AI-001" })
        #expect(finding.status == .pass, "the paired parameter file turns local auth off")
    }

    @Test("--parameters applies to a named template")
    func explicitParameters() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": "[not(parameters('localAuth'))]"}"#))
        let parameters = try folder.write("prod.json", #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"localAuth": {"value": true}}}"#)
        let result = await scan([template], parameters: parameters)
        #expect(result.findings.first { $0.ruleID == "BW-AI-001" }?.status == .fail)
        #expect(result.exitCode(failOn: .low) == 1)
        #expect(result.exitCode(failOn: .critical) == 0)
    }
}
