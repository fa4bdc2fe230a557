import Foundation
import ScanTesting
import Testing

/// A template written to exhaust memory is an input error for `scan` and `expand`, and the rest of the scan goes on.
@Suite("bulwark with templates past the size limits")
struct TemplateLimitCommandTests {
    let cli = CommandLineTests()

    /// 59 variables, each the one before it twice: 2^59 copies of a 36-character string if evaluated. v17, the first
    /// refused, is on line 19.
    static let doublingTemplate: String = {
        var variables = [#""v0": "abcdefghijklmnopqrstuvwxyz0123456789""#]
        for index in 1...59 { variables.append(#""v\#(index)": "[concat(variables('v\#(index - 1)'), variables('v\#(index - 1)'))]""#) }
        return """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "variables": {\(variables.joined(separator: ",\n"))},
             "resources": [{"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "doubling",
               "properties": {"customSubDomainName": "[string(length(variables('v59')))]"}}]}
            """
    }()

    @Test("scan: the doubling template exits 2 naming the expression, and the good file's findings are still reported")
    func scan() throws {
        let folder = try TemporaryFolder()
        try folder.write("attack.json", Self.doublingTemplate)
        try folder.write("good.json", Fixtures.accountTemplate())
        let run = try cli.run(["scan", folder.path, "--format", "json"])
        #expect(run.status == 2)
        #expect(
            run.error.contains("attack.json:19:") && run.error.contains("larger than 4 MB in [concat(variables('v16'), variables('v16'))]"),
            "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(
            findings.contains {
                $0["ruleId"] as? String == "BW-AI-001"
                    && (($0["resource"] as? [String: Any])?["file"] as? String)?.hasSuffix("good.json") == true
            })
    }

    @Test("expand: the doubling template exits 2 with the error in 'errors'")
    func expand() throws {
        let folder = try TemporaryFolder()
        let attack = try folder.write("attack.json", Self.doublingTemplate)
        let run = try cli.run(["expand", attack])
        #expect(run.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.contains { ($0["message"] as? String)?.contains("larger than 4 MB") == true }, "\(errors)")
    }

    @Test("Bicep that compiles to a doubling template is refused the same way")
    func bicep() throws {
        let folder = try TemporaryFolder()
        var lines = ["var v0 = 'abcdefghijklmnopqrstuvwxyz0123456789'"]
        for index in 1...59 { lines.append("var v\(index) = concat(v\(index - 1), v\(index - 1))") }
        lines.append(Fixtures.accountBicep(name: "${length(v59)}"))
        let file = try folder.write("main.bicep", lines.joined(separator: "\n"))
        let run = try cli.run(["scan", file, "--format", "json"])
        #expect(run.status == 2)
        #expect(
            run.error.contains("main.bicep:18:") && run.error.contains("larger than 4 MB in [concat(variables('v16'), variables('v16'))]"),
            "\(run.error)")
    }

    @Test("a template file over ARM's 4 MB is scanned with a warning")
    func largeFile() throws {
        let folder = try TemporaryFolder()
        let padding = String(repeating: "x", count: 4 * 1024 * 1024)
        let file = try folder.write(
            "large.json",
            Fixtures.accountTemplate().replacingOccurrences(
                of: #""contentVersion""#, with: #""metadata": {"p": "\#(padding)"}, "contentVersion""#))
        let run = try cli.run(["scan", file, "--format", "json"])
        #expect(run.status == 1, "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(
            warnings.contains {
                ($0["message"] as? String)?.hasPrefix("the template is 4 MB; ARM refuses a template larger than 4 MB") == true
            }, "\(warnings)")
    }
}
