import AccessPolicy
import Foundation
import GatewayConfig
import Testing

/// `gateway validate` and `gateway serve` read the configuration through the same loader, so what `serve` would refuse
/// at start must be refused here, each problem at its place in the file.
@Suite("Gateway configuration: what serve would refuse at start")
struct GatewayStartupChecksTests {
    static let upstream = """
        listen: "127.0.0.1:8080"
        upstreams:
          - { name: sweden, endpoint: "https://sweden.openai.azure.com", region: swedencentral, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }

        """
    static let environment = ["K": "k", "AUDIT_KEY": String(repeating: "a", count: 32), "PEPPER": "pepper"]

    func problems(_ text: String, environment: [String: String] = Self.environment) -> [GatewayConfigurationError] {
        guard case .failure(let problems) = GatewayConfigurationLoader(environment: environment).load(text, file: "g.yaml") else {
            return []
        }
        return problems.errors
    }

    @Test("an unset keys.pepperEnv is refused at its place")
    func unsetPepper() throws {
        let text = Self.upstream + "keys: { store: \"sqlite:keys.db\", pepperEnv: NOT_SET_PEPPER }\n"
        let error = try #require(problems(text).first)
        #expect(error.description == "g.yaml:4:45: keys.pepperEnv: the environment variable NOT_SET_PEPPER is not set")
        #expect(problems(Self.upstream + "keys: { store: \"sqlite:keys.db\", pepperEnv: PEPPER }\n").isEmpty)
    }

    @Test("a key store or an audit log in a folder that does not exist is refused")
    func missingFolders() {
        let text =
            Self.upstream + """
                keys: { store: "sqlite:/nonexistent-bulwark-folder/keys.db" }
                audit: { path: /nonexistent-bulwark-folder/audit.jsonl, hmacKeyEnv: AUDIT_KEY }
                """
        let found = problems(text)
        #expect(found.map(\.path) == ["keys.store", "audit.path"])
        #expect(found.allSatisfy { $0.message.contains("the folder /nonexistent-bulwark-folder does not exist") })
        #expect(found.map(\.line) == [4, 5])
    }

    @Test("an audit key shorter than 32 bytes is refused without repeating it")
    func shortAuditKey() throws {
        let text = Self.upstream + "keys: { store: \"sqlite:keys.db\" }\naudit: { path: audit.jsonl, hmacKeyEnv: AUDIT_KEY }\n"
        let error = try #require(problems(text, environment: ["K": "k", "AUDIT_KEY": "short-key"]).first)
        #expect(error.path == "audit.hmacKeyEnv")
        #expect(error.message.contains("9 bytes; at least 32") && !error.message.contains("short-key"))
    }

    @Test("a region typo is refused with the nearest region; a policy's regions take regions and geographies")
    func regions() throws {
        let typo = Self.upstream.replacingOccurrences(of: "swedencentral", with: "swedencentrl") + "keys: { store: \"sqlite:keys.db\" }\n"
        let error = try #require(problems(typo).first)
        #expect(error.path == "upstreams[0].region")
        #expect(error.message == "'swedencentrl' is not an Azure region such as swedencentral; did you mean swedencentral?")
        #expect(error.line == 3)
        let policies =
            Self.upstream + """
                keys: { store: "sqlite:keys.db" }
                entra:
                  tenants: [00000000-0000-0000-0000-000000000001]
                  audiences: [api://bulwark]
                  policies:
                    - { name: p, roles: [R], deployments: [d], regions: [eu, usgovvirginia, westeurop, mars] }
                """
        let found = problems(policies)
        #expect(found.map(\.path) == ["entra.policies[0].regions[2]", "entra.policies[0].regions[3]"])
        #expect(found.first?.message.hasSuffix("did you mean westeurope?") == true)
        #expect(found.last?.message.contains("did you mean") == false, "nothing is close to mars")
    }

    @Test("two upstreams with one name are refused at the second")
    func duplicateUpstreams() throws {
        let text =
            Self.upstream + """
                  - { name: sweden, endpoint: "https://france.openai.azure.com", region: francecentral, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
                keys: { store: "sqlite:keys.db" }
                """
        let error = try #require(problems(text).first)
        #expect(error.path == "upstreams[1].name" && error.line == 4)
        #expect(error.message == "'sweden' is also the name of upstreams[0]; upstream names must differ")
    }

    @Test("every TLS problem is reported: missing, a folder, not PEM, and a key that is not the certificate's")
    func tlsProblems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let certificate = try write("tls.crt", Self.certificate)
        let key = try write("tls.key", Self.key)
        let otherKey = try write("other.key", Self.otherKey)
        let notPEM = try write("notpem.key", "not a key")
        func tls(_ certificate: String, _ key: String) -> [GatewayConfigurationError] {
            problems(
                Self.upstream.replacingOccurrences(of: "listen: \"127.0.0.1:8080\"", with: "listen: \"0.0.0.0:8443\"")
                    + "keys: { store: \"sqlite:keys.db\" }\ntls: { certificate: \"\(certificate)\", privateKey: \"\(key)\" }\n")
        }
        #expect(tls(certificate, key).isEmpty, "a matching pair loads")
        let missing = tls(folder.path + "/none.crt", folder.path + "/none.key")
        #expect(missing.map(\.path) == ["tls.certificate", "tls.privateKey"])
        #expect(missing.allSatisfy { $0.message.hasSuffix("does not exist") })
        #expect(
            tls(folder.path, notPEM).map(\.message) == [
                "\(folder.path) is a folder; name the PEM file",
                "\(notPEM) is not an unencrypted PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
            ])
        let mismatched = tls(certificate, otherKey)
        #expect(mismatched.map(\.path) == ["tls.privateKey"])
        #expect(mismatched.first?.message.contains("is not the private key of the certificate") == true)
    }

    @Test("region names: every geography's region is a known region; edit distance suggests the nearest")
    func regionList() {
        for (geography, regions) in Geography.regions {
            #expect(regions.allSatisfy(AzureRegions.isRegion), "\(geography) lists an unknown region")
        }
        #expect(AzureRegions.problem(with: "SwedenCentral", geographies: false) == nil)
        #expect(AzureRegions.problem(with: "eu", geographies: false) != nil, "an upstream is in a region, not a geography")
        #expect(
            AzureRegions.problem(with: "mars", geographies: true)
                == "'mars' is not an Azure region (such as swedencentral) or a geography (eu, us)")
    }

    // A throwaway self-signed P-256 certificate and its key, and another key, made for these tests only.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBhzCCAS2gAwIBAgIUKfGdvd5LpzJzLiLewCStIDgdj4MwCgYIKoZIzj0EAwIw
        GTEXMBUGA1UEAwwOYnVsd2Fyay10ZXN0LWEwHhcNMjYxMjA3MTEzNjUzWhcNMzYx
        MjA0MTEzNjUzWjAZMRcwFQYDVQQDDA5idWx3YXJrLXRlc3QtYTBZMBMGByqGSM49
        AgEGCCqGSM49AwEHA0IABGI5Xkb7ZLJNm+Yl4xD81bQnCfJNCCzvHdaX3i3HrL50
        NUmksmxe0tnkQRfnJxX6fEl1S2kJKDk734LvGHx1Hr6jUzBRMB0GA1UdDgQWBBRk
        r460lUelXkfzkfF3HuauqiZzhDAfBgNVHSMEGDAWgBRkr460lUelXkfzkfF3Huau
        qiZzhDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCID0JVkoZpFeI
        yXK/hArWwXdSHS+5ff8tkGHU3rFQH2SfAiEA7FYe42PRC5HXI3Fa8DAOQoxMT6pk
        lxY2A3+mtgtTvXE=
        -----END CERTIFICATE-----
        """
    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfENI6WKCkBBp4FFr
        FqJrsgTHFHI11gO0uQGDlQn8xP+hRANCAARiOV5G+2SyTZvmJeMQ/NW0JwnyTQgs
        7x3Wl94tx6y+dDVJpLJsXtLZ5EEX5ycV+nxJdUtpCSg5O9+C7xh8dR6+
        -----END PRIVATE KEY-----
        """
    static let otherKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgiy89lOmUiNVKozbs
        YpuO3S7r9Ap6vLvQOhi8R8gaqFWhRANCAASKrQofJaBuywC++XVs1TRwUITH1QE7
        Yi1NooIE3pqcRYOBRp8MWIv3ZYqTRzZ6e2OeotGIR5WSkY7vegD2W3Sb
        -----END PRIVATE KEY-----
        """
}
