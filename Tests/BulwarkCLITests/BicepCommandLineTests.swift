import BicepCompiler
import Foundation
import ScanTesting
import Testing

/// `scan`, `expand` and `build` on `.bicep` files, end to end.
@Suite("bulwark with Bicep")
struct BicepCommandLineTests {
    let cli = CommandLineTests()

    @Test("scan: a Bicep finding points at the .bicep line; a syntax error exits 2 at file:line:column and the other file is judged")
    func scan() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.bicep", Fixtures.accountBicep())
        try folder.write("broken.bicep", "resource x 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n")
        let run = try cli.run(["scan", folder.path, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.error.contains("broken.bicep:3:1: "), "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Int])?["files"] == 1, "the good file was still scanned")
        let table = try cli.run(["scan", good])
        #expect(table.status == 1)
        #expect(table.output.contains("good.bicep:5:"), "\(table.output)")
    }

    @Test("build prints the compiler's ARM JSON, or writes it with --output; errors exit 2")
    func build() throws {
        let folder = try TemporaryFolder()
        let source = Fixtures.accountBicep()
        let file = try folder.write("main.bicep", source)
        let expected = try #require(BicepCompiler.compile(source: source, file: file).template).jsonText()
        let printed = try cli.run(["build", file])
        #expect(printed.status == 0)
        #expect(printed.output == expected)
        let output = folder.url.appendingPathComponent("main.json").path
        #expect(try cli.run(["build", file, "--output", output]).status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == expected)
        let broken = try folder.write("broken.bicep", "param x string = ")
        let failed = try cli.run(["build", broken])
        #expect(failed.status == 2)
        #expect(failed.output.isEmpty)
        #expect(failed.error.contains("broken.bicep:1:"))
    }

    @Test("expand lists a .bicep file's resources, with a JSON parameter file")
    func expand() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("main.bicep", "param name string\n\n" + Fixtures.accountBicep(name: "${name}"))
        let parameters = try folder.write(
            "p.json",
            #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"name": {"value": "fromfile"}}}"#
        )
        let run = try cli.run(["expand", file, "--parameters", parameters])
        #expect(run.status == 0, "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let resources = try #require(report["resources"] as? [[String: Any]])
        #expect(resources.count == 1)
        #expect(resources.first?["name"] as? String == "fromfile")
    }

    @Test(".bicepparam: build prints the parameters JSON, expand and scan apply it; a bad value exits 2 at its line")
    func parameterFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.bicep", "param name string\n\n" + Fixtures.accountBicep(name: "${name}"))
        let parameters = try folder.write("prod.bicepparam", "using 'main.bicep'\nparam name = '${toUpper('p')}-acct'\n")
        let built = try cli.run(["build", parameters])
        #expect(built.status == 0, "\(built.error)")
        #expect(built.output.contains("\"name\": {\n      \"value\": \"P-acct\"\n    }"), "\(built.output)")
        for arguments in [["expand", parameters], ["expand", template, "--parameters", parameters]] {
            let run = try cli.run(arguments)
            #expect(run.status == 0, "\(run.error)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect((report["resources"] as? [[String: Any]])?.first?["name"] as? String == "P-acct")
        }
        let scan = try cli.run(["scan", folder.path])
        #expect(scan.status == 1, "\(scan.error)")
        #expect(scan.output.contains("P-acct"), "\(scan.output)")
        try folder.write("bad.bicepparam", "using 'main.bicep'\nparam name = 12\n")
        let bad = try cli.run(["scan", folder.path])
        #expect(bad.status == 2)
        #expect(bad.output.contains("bad.bicepparam:2:14"), "\(bad.output)")
    }

    @Test("--bicep-registry (or BULWARK_BICEP_REGISTRY) is accepted by scan, expand and build; a missing folder is a usage error")
    func registry() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("main.bicep", Fixtures.accountBicep(disableLocalAuth: true))
        let registry = try folder.write("registry/README", "")
        let registryFolder = (registry as NSString).deletingLastPathComponent
        #expect(try cli.run(["build", file, "--bicep-registry", registryFolder]).status == 0)
        #expect(try cli.run(["expand", file, "--bicep-registry", registryFolder]).status == 0)
        #expect(try cli.run(["scan", file, "--bicep-registry", registryFolder, "--fail-on", "critical"]).status == 0)
        #expect(try cli.run(["build", file], environment: ["BULWARK_BICEP_REGISTRY": registryFolder]).status == 0)
        let missing = try cli.run(["build", file, "--bicep-registry", folder.url.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        #expect(missing.error.contains("--bicep-registry"))
    }
}
