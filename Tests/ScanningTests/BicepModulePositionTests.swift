import BicepFrontEnd
import Foundation
import PostureModel
import Reports
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// Findings about resources that Bicep modules deploy point at the module file, line and column of the deciding
/// property, at every depth, in findings, the table and SARIF.
@Suite("Positions inside Bicep modules")
struct BicepModulePositionTests {
    static let catalog = RuleCatalog.builtIn()

    /// main.bicep → modules/outer.bicep → modules/inner/account.bicep, which deploys an account with local
    /// authentication on (BW-AI-001 fails at its line 6, column 23), and a JSON module beside it.
    func twoLevels() throws -> (folder: TemporaryFolder, main: String, outer: String, inner: String, json: String) {
        let folder = try TemporaryFolder()
        let main = try folder.write(
            "main.bicep", "module outer 'modules/outer.bicep' = {\n  name: 'outer'\n  params: {\n    prefix: 'app'\n  }\n}\n")
        let outer = try folder.write(
            "modules/outer.bicep",
            """
            param prefix string

            module inner 'inner/account.bicep' = {
              name: 'inner'
              params: {
                name: '${prefix}-acct'
              }
            }
            module arm 'arm.json' = {
              name: 'arm'
            }

            """)
        let inner = try folder.write(
            "modules/inner/account.bicep",
            """
            param name string
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: name
              kind: 'OpenAI'
              properties: {
                disableLocalAuth: false
              }
            }

            """)
        let json = try folder.write("modules/arm.json", Fixtures.accountTemplate(name: "fromjson"))
        return (folder, main, outer, inner, json)
    }

    @Test("a scan of a two-level module finds the inner account at its own file, line and column, in the table and SARIF")
    func twoLevelModule() async throws {
        let fixture = try twoLevels()
        let result = await Scanner.standard().scan(ScanRequest(paths: [fixture.folder.path], catalog: Self.catalog))
        #expect(result.errors.isEmpty, "\(result.errors)")
        // The .bicep module files are judged through main.bicep only; the JSON one is also an ARM template of its own.
        #expect(Set(result.files) == [fixture.main, fixture.json])
        let failed = result.findings.filter { $0.ruleID == "BW-AI-001" && $0.status == .fail }
        let inner = try #require(failed.first { $0.resource.name == "app-acct" }, "\(result.findings)")
        #expect(inner.resource.source == SourceLocation(file: fixture.inner, line: 2, column: 1))
        #expect(inner.location == SourceLocation(file: fixture.inner, line: 6, column: 23))
        let fromJSON = try #require(failed.first { $0.resource.name == "fromjson" })
        #expect(fromJSON.location.file == fixture.json, "a JSON module's finding points into the JSON file")
        #expect(failed.filter { $0.resource.name == "app-acct" }.count == 1)

        let table = TableReport(useColor: false).render(result)
        #expect(table.contains("account.bicep:6:23"), "\(table)")
        let sarif = try JSONSerialization.jsonObject(with: try SARIFReport().render(result)) as? [String: Any]
        let runs = try #require(sarif?["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let places = results.compactMap { result -> (String, Int, Int)? in
            guard let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
                let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String,
                let region = location["region"] as? [String: Any], let line = region["startLine"] as? Int,
                let column = region["startColumn"] as? Int
            else { return nil }
            return (uri, line, column)
        }
        #expect(places.contains { $0.0.hasSuffix("modules/inner/account.bicep") && $0.1 == 6 && $0.2 == 23 }, "\(places)")
    }

    @Test("expand names the module file of each resource, and the using file's problems stay in the using file")
    func expandPositions() throws {
        let fixture = try twoLevels()
        let expanded = BicepFrontEnd().expand(fixture.main, parameters: nil)
        #expect(expanded.problems.filter { $0.severity == .error }.isEmpty, "\(expanded.problems)")
        let account = try #require(expanded.resources.first { $0.name == "app-acct" })
        #expect(account.source.file == fixture.inner)
        #expect(account.properties?[member: "disableLocalAuth"]?.location == SourceLocation(file: fixture.inner, line: 6, column: 23))
        let deployments = expanded.resources.filter { $0.type == "Microsoft.Resources/deployments" }
        #expect(Set(deployments.map(\.source.file)) == [fixture.main, fixture.outer], "each deployment where it is declared")
    }
}
