import AzureCredentials
import Crypto
import Foundation
import GatewayTesting
import Testing

@Suite("Environment credential")
struct EnvironmentCredentialTests {
    static let scope = "https://management.azure.com/.default"

    static func environment(_ base: URL, _ extra: [String: String]) -> (AzureCloud, [String: String]) {
        var cloud = AzureCloud.azureCloud
        cloud.authorityHost = base
        return (cloud, ["AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "app-1"].merging(extra) { $1 })
    }

    @Test("client secret: posted to the tenant's token endpoint under the cloud's authority host")
    func clientSecret() async throws {
        let fake = FakeEntraEndpoint(secret: "right+secret")
        try await fake.withServer { (base: URL) async throws -> Void in
            let (cloud, environment) = Self.environment(base, ["AZURE_CLIENT_SECRET": "right+secret"])
            let credential = try EnvironmentCredential(environment: environment, cloud: cloud)
            #expect(credential.sourceName == "environment (client secret)")
            #expect(try await credential.token(scope: Self.scope).value == "entra-token-1")
            let received = try #require(fake.received.withLock { $0 }.first)
            #expect(received.path == "/tenant-1/oauth2/v2.0/token")
            #expect(received.form["client_id"] == "app-1")
            #expect(received.form["scope"] == Self.scope)
            #expect(received.form["grant_type"] == "client_credentials")
        }
    }

    @Test("a wrong secret: 401 with an AADSTS body names the source and the code, never the secret")
    func wrongSecret() async throws {
        let fake = FakeEntraEndpoint(secret: "right-secret")
        try await fake.withServer { (base: URL) async throws -> Void in
            let (cloud, environment) = Self.environment(base, ["AZURE_CLIENT_SECRET": "wr0ng-s3cret"])
            let credential = try EnvironmentCredential(environment: environment, cloud: cloud)
            do {
                _ = try await credential.token(scope: Self.scope)
                Issue.record("a wrong secret produced a token")
            } catch {
                #expect(
                    error as? CredentialError
                        == .refused(
                            source: "the Entra token endpoint for environment (client secret)", status: 401,
                            detail: "AADSTS7000215: Invalid client secret provided."))
                let message = "\(error)"
                #expect(message.contains("environment (client secret)"))
                #expect(message.contains("AADSTS7000215"))
                #expect(!message.contains("wr0ng-s3cret"))
                #expect(!message.contains("Trace ID"), "only the code and its first sentence")
            }
        }
    }

    @Test("not configured: the first missing variable is named")
    func missing() {
        #expect(throws: CredentialError.missingEnvironment("AZURE_TENANT_ID")) { try EnvironmentCredential(environment: [:]) }
        #expect(throws: CredentialError.missingEnvironment("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH")) {
            try EnvironmentCredential(environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c"])
        }
    }

    @Test(
        "certificate: an RS256 client assertion with x5t and x5t#S256, verified by the certificate's public key",
        .enabled(if: TestCertificate.openssl != nil, "openssl is not installed: the certificate flow is not tested"))
    func certificate() async throws {
        let folder = try TemporaryFolder("bulwark-cert")
        defer { folder.remove() }
        let certificate = try TestCertificate(in: folder)
        let fake = FakeEntraEndpoint(publicKeyPEM: certificate.publicKeyPEM)
        try await fake.withServer { (base: URL) async throws -> Void in
            let (cloud, environment) = Self.environment(base, ["AZURE_CLIENT_CERTIFICATE_PATH": certificate.combinedPath])
            let now = Date()
            let credential = try EnvironmentCredential(environment: environment, cloud: cloud, now: { now })
            #expect(credential.sourceName == "environment (client certificate)")
            #expect(try await credential.token(scope: Self.scope).value == "entra-token-1", "the fake verified the signature")
            let form = try #require(fake.received.withLock { $0 }.first?.form)
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(form["client_secret"] == nil)
            let assertion = try #require(form["client_assertion"])
            let header = try #require(Base64URL.jsonPart(assertion, 0))
            #expect(header["alg"] as? String == "RS256")
            #expect(header["x5t"] as? String == Base64URL.encode(Data(Insecure.SHA1.hash(data: certificate.certificateDER))))
            #expect(header["x5t#S256"] as? String == Base64URL.encode(Data(SHA256.hash(data: certificate.certificateDER))))
            let claims = try #require(Base64URL.jsonPart(assertion, 1))
            #expect(claims["aud"] as? String == base.absoluteString + "/tenant-1/oauth2/v2.0/token")
            #expect(claims["iss"] as? String == "app-1")
            #expect(claims["sub"] as? String == "app-1")
            #expect((claims["jti"] as? String)?.isEmpty == false)
            let issued = Int(now.timeIntervalSince1970)
            #expect(claims["iat"] as? Int == issued)
            #expect(claims["nbf"] as? Int == issued)
            #expect(claims["exp"] as? Int == issued + 600)
        }
    }

    @Test(
        "an unusable certificate: a password, an encrypted key, a missing key or file each say what to do",
        .enabled(if: TestCertificate.openssl != nil, "openssl is not installed: certificate errors are not tested"))
    func unusableCertificate() throws {
        let folder = try TemporaryFolder("bulwark-cert")
        defer { folder.remove() }
        let certificate = try TestCertificate(in: folder)
        let base = ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": certificate.combinedPath]
        func reason(_ environment: [String: String]) -> String {
            do {
                _ = try EnvironmentCredential(environment: environment)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let password = reason(base.merging(["AZURE_CLIENT_CERTIFICATE_PASSWORD": "hunter2"]) { $1 })
        #expect(password.contains("AZURE_CLIENT_CERTIFICATE_PASSWORD") && password.contains("openssl pkcs12"))
        #expect(!password.contains("hunter2"))
        let encrypted = folder.path("encrypted.pem")
        try TestCertificate.run(["pkey", "-in", certificate.keyPath, "-aes256", "-passout", "pass:hunter2", "-out", encrypted])
        #expect(reason(base.merging(["AZURE_CLIENT_CERTIFICATE_PATH": encrypted]) { $1 }).contains("the private key is encrypted"))
        let keyless = folder.path("keyless.pem")
        try String(contentsOfFile: folder.path("cert.pem"), encoding: .utf8).write(toFile: keyless, atomically: true, encoding: .utf8)
        #expect(reason(base.merging(["AZURE_CLIENT_CERTIFICATE_PATH": keyless]) { $1 }).contains("no PRIVATE KEY block"))
        #expect(reason(base.merging(["AZURE_CLIENT_CERTIFICATE_PATH": folder.path("absent.pem")]) { $1 }).contains("cannot be read"))
    }
}
