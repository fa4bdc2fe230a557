import Foundation
import ScanTesting
import Testing

extension CommandLineTests {
    static let gatewayConfiguration = """
        listen: "127.0.0.1:8080"
        upstreams:
          - { name: sweden, endpoint: "https://sweden.openai.azure.com", region: swedencentral, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
        keys: { store: "sqlite:keys.db" }

        """

    @Test("gateway validate refuses what serve would refuse at start, one line per problem with its place")
    func gatewayValidateStartupProblems() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write(
            "gateway.yaml",
            Self.gatewayConfiguration.replacingOccurrences(of: "swedencentral", with: "swedencentrl")
                .replacingOccurrences(of: "sqlite:keys.db\" }", with: "sqlite:keys.db\", pepperEnv: UNSET_PEPPER_FOR_TEST }")
                + "audit: { path: \(folder.path)/missing/audit.jsonl, hmacKeyEnv: SHORT_AUDIT_KEY }\n")
        let result = try run(["gateway", "validate", "--config", config], environment: ["K": "k", "SHORT_AUDIT_KEY": "short"])
        #expect(result.status == 2)
        let lines = result.error.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "\(config):3:74: error: upstreams[0].region: 'swedencentrl' is not an Azure region such as swedencentral; did you mean swedencentral?"
            ))
        #expect(
            lines.contains {
                $0.hasPrefix("\(config):4:") && $0.contains("keys.pepperEnv: the environment variable UNSET_PEPPER_FOR_TEST is not set")
            })
        #expect(
            lines.contains { $0.hasPrefix("\(config):5:") && $0.contains("audit.path: the folder \(folder.path)/missing does not exist") })
        #expect(
            lines.contains {
                $0.hasPrefix("\(config):5:") && $0.contains("audit.hmacKeyEnv: SHORT_AUDIT_KEY: the audit HMAC key is 5 bytes")
            })
        #expect(lines.count == 4, "one line per problem: \(lines)")
        let served = try run(["gateway", "serve", "--config", config], environment: ["K": "k", "SHORT_AUDIT_KEY": "short"])
        #expect(served.status == 2 && served.error == result.error, "serve refuses the same file with the same lines")
        let valid = try folder.write("valid.yaml", Self.gatewayConfiguration)
        #expect(try run(["gateway", "validate", "--config", valid], environment: ["K": "k"]).status == 0)
    }

    @Test("broken gateway YAML is one line at the parser's position; a missing or folder --config says so")
    func gatewayConfigurationInput() throws {
        let folder = try TemporaryFolder()
        let broken = try folder.write("broken.yaml", "listen: \"127.0.0.1:8080\"\nupstreams: [\n  - a\nkeys: x\n")
        let result = try run(["gateway", "validate", "--config", broken])
        #expect(result.status == 2)
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)")
        #expect(lines.first?.hasPrefix("\(broken):3:") == true || lines.first?.hasPrefix("\(broken):4:") == true)
        #expect(lines.first?.contains(": error: invalid YAML: ") == true)
        let missing = try run(["gateway", "validate", "--config", folder.path + "/none.yaml"])
        #expect(missing.status == 2 && missing.error == "bulwark: \(folder.path)/none.yaml: the configuration does not exist\n")
        let isFolder = try run(["gateway", "validate", "--config", folder.path])
        #expect(isFolder.status == 2 && isFolder.error.contains("the configuration is a folder"))
    }

    @Test("a validation error thrown while a subcommand runs shows that subcommand's usage, not the root's")
    func subcommandUsage() throws {
        let folder = try TemporaryFolder()
        let result = try run([
            "keys", "create", "--store", "sqlite:\(folder.path)/keys.db", "--name", "x", "--deployments", "d", "--operations", "painting",
        ])
        #expect(result.status == 2)
        #expect(result.error.contains("Usage: bulwark keys create"))
        #expect(!result.error.contains("<subcommand>"))
        #expect(result.error.contains("See 'bulwark keys create --help'"))
    }

    @Test("scan --config naming a missing project file or a folder says which, not 'cannot read as UTF-8'")
    func missingProjectFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let missing = try run(["scan", template, "--config", folder.path + "/none.yaml"])
        #expect(missing.status == 2)
        #expect((missing.output + missing.error).contains("none.yaml:1:1: error: the project file does not exist"))
        let isFolder = try run(["scan", template, "--config", folder.path])
        #expect(isFolder.status == 2 && (isFolder.output + isFolder.error).contains("the project file is a folder"))
    }
}
