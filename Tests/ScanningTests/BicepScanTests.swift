import ARMTemplates
import BicepFrontEnd
import Foundation
import LocatedJSON
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// `.bicep` files in a scan: compiled, expanded by the ARM engine and judged by the same rules, with findings at
/// `.bicep` lines; bad files reported per file while the others are still judged.
@Suite("Bicep in a scan")
struct BicepScanTests {
    static let catalog = RuleCatalog.builtIn()

    func scan(_ paths: [String], scanner: Scanning.Scanner = .standard()) async -> ScanResult {
        await scanner.scan(ScanRequest(paths: paths, catalog: Self.catalog))
    }

    func failing(_ result: ScanResult, in file: String) -> [Finding] {
        result.findings.filter { $0.status == .fail && $0.resource.source.file == file }
    }

    @Test("a misconfigured .bicep gives the ARM template's findings, at the .bicep line of the deciding property")
    func sameFindingsAsARM() async throws {
        let folder = try TemporaryFolder()
        let bicep = try folder.write("account.bicep", Fixtures.accountBicep())
        let json = try folder.write("account.json", Fixtures.accountTemplate())
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let fromBicep = failing(result, in: bicep)
        let fromJSON = failing(result, in: json)
        #expect(!fromBicep.isEmpty)
        #expect(fromBicep.map(\.ruleID).sorted() == fromJSON.map(\.ruleID).sorted())
        let localAuth = try #require(fromBicep.first { $0.ruleID == "BW-AI-001" })
        #expect(localAuth.location.file == bicep)
        #expect(localAuth.location.line == 5, "disableLocalAuth is on line 5: \(localAuth.location)")
        #expect(result.files.contains(bicep) && result.files.contains(json))
    }

    @Test("a syntax error is reported at file:line:column with exit 2, and the other .bicep file is still judged")
    func syntaxError() async throws {
        let folder = try TemporaryFolder()
        let broken = try folder.write(
            "broken.bicep", "param location string = \nresource x 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n")
        let good = try folder.write("good.bicep", Fixtures.accountBicep())
        let result = await scan([folder.path])
        let problem = try #require(result.errors.first)
        #expect(problem.location.file == broken)
        #expect(problem.location.line >= 1 && problem.location.column >= 1)
        #expect(result.errors.allSatisfy { $0.location.file == broken })
        #expect(!failing(result, in: good).isEmpty, "the good file was not judged")
        #expect(result.exitCode(failOn: .low) == 2)
    }

    @Test("a local module is judged through the file that uses it, pointing at the module file's line, and not again on its own")
    func localModule() async throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("main.bicep", "param x string = 'a'\nmodule acct './account.bicep' = {\n  name: 'acct'\n}\n")
        let account = try folder.write("account.bicep", Fixtures.accountBicep())
        let result = await scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.files == [main], "judged once, through its user")
        let findings = failing(result, in: account)
        let localAuth = try #require(findings.first { $0.ruleID == "BW-AI-001" }, "the module's account was judged")
        #expect(findings.filter { $0.ruleID == "BW-AI-001" }.count == 1)
        #expect(localAuth.location.file == account && localAuth.location.line == 5, "at the property in the module: \(localAuth.location)")
        #expect(result.exitCode(failOn: .low) == 1)
    }

    @Test("a registry module resolves from the offline registry folder; without one it is a module-not-restored warning")
    func registryModule() async throws {
        let folder = try TemporaryFolder()
        let published = try folder.write(
            "registry/mcr.microsoft.com/bicep/avm/res/demo/account/1.0.0/main.json", Fixtures.accountTemplate())
        let main = try folder.write(
            "app/main.bicep", "module acct 'br/public:avm/res/demo/account:1.0.0' = {\n  name: 'acct'\n}\n")
        let registry = URL(fileURLWithPath: published).deletingLastPathComponent().path
            .replacingOccurrences(of: "/mcr.microsoft.com/bicep/avm/res/demo/account/1.0.0", with: "")
        let restored = await scan(
            [main], scanner: Scanner(frontEnds: [BicepFrontEnd(settings: BicepSettings(registryFolder: registry))]))
        #expect(restored.errors.isEmpty, "\(restored.errors)")
        #expect(
            failing(restored, in: published).contains { $0.ruleID == "BW-AI-001" }, "the published module's account was judged, in its JSON"
        )
        let unrestored = await scan([main], scanner: Scanner(frontEnds: [BicepFrontEnd()]))
        #expect(unrestored.findings.filter { $0.status == .fail }.isEmpty)
        let warning = try #require(unrestored.problems.first { $0.code.rawValue == "module-not-restored" }, "\(unrestored.problems)")
        #expect(warning.message.contains("br/public:avm/res/demo/account:1.0.0"))
    }

    @Test("a registry module resolves from the Bicep CLI's cache under a HOME-like folder when the registry folder lacks it")
    func restoreCache() async throws {
        let folder = try TemporaryFolder()
        let cached = try folder.write(
            "home/.bicep/br/mcr.microsoft.com/bicep$avm$res$demo$account/1.0.0$/main.json", Fixtures.accountTemplate())
        let main = try folder.write("app/main.bicep", "module acct 'br/public:avm/res/demo/account:1.0.0' = {\n  name: 'acct'\n}\n")
        let settings = BicepSettings(
            registryFolder: folder.url.appendingPathComponent("empty").path,
            bicepCacheFolder: folder.url.appendingPathComponent("home/.bicep").path)
        let result = await scan([main], scanner: Scanner(frontEnds: [BicepFrontEnd(settings: settings)]))
        #expect(result.problems.filter { $0.severity != .note }.isEmpty, "\(result.problems)")
        #expect(failing(result, in: cached).contains { $0.ruleID == "BW-AI-001" }, "the cached module's account was judged, in its JSON")
    }

    @Test("a .bicep used as a local module by a compiled .bicep is judged through it, not again on its own")
    func moduleNotScannedTwice() async throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("main.bicep", "module acct 'modules/account.bicep' = {\n  name: 'acct'\n}\n")
        let account = try folder.write("modules/account.bicep", Fixtures.accountBicep())
        // Stands in for the compiler once it compiles modules: every file compiles to the account template.
        let template = try JSONReader().read(Fixtures.accountTemplate())
        let scanner = Scanning.Scanner(frontEnds: [
            ARMFrontEnd(), BicepFrontEnd { _ in CompiledTemplate(template: template, diagnostics: []) },
        ])
        let result = await scan([folder.path], scanner: scanner)
        #expect(result.files == [main])
        #expect(failing(result, in: account).isEmpty)
        #expect(result.problems.contains { $0.code == .bicepModuleFile && $0.location.file == account && $0.severity == .note })
        // Named on the command line, a module file is judged.
        let named = await scan([account], scanner: scanner)
        #expect(named.files == [account])
    }

    @Test("a .bicepparam deploys its using template, judged through it even outside the scanned folder")
    func parameterFile() async throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("templates/main.bicep", Fixtures.accountBicep())
        let parameters = try folder.write("env/prod.bicepparam", "using '../templates/main.bicep'\n")
        let result = await scan([parameters])
        #expect(result.files == [parameters])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(!result.problems.contains { $0.code == .bicepParametersNotApplied })
        #expect(!failing(result, in: template).isEmpty)
    }

    @Test("a .bicepparam whose using points nowhere is an error at the path")
    func usingNowhere() async throws {
        let folder = try TemporaryFolder()
        let parameters = try folder.write("p.bicepparam", "using './missing.bicep'\n")
        let result = await scan([folder.path])
        let problem = try #require(result.errors.first)
        #expect(problem.code == .invalidUsing)
        #expect(problem.location == SourceLocation(file: parameters, line: 1, column: 7))
    }

    @Test("Bicep files are still read for committed secrets")
    func secrets() async throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("s.bicep", "var awsKey = 'AKIAIOSFODNN7EXAMPLE'\n")
        let result = await scan([folder.path])
        #expect(result.findings.contains { $0.ruleID == "BW-SECRET-001" && $0.location.file == file && $0.status == .fail })
    }
}
