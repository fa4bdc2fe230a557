import AzureCredentials
import Foundation
import GatewayTesting
import Testing

@Suite("Azure CLI credential")
struct AzureCLICredentialTests {
    static let arm = "https://management.azure.com/.default"
    static let graph = "https://graph.microsoft.com/.default"

    @Test("expires_on (epoch seconds): the resource, -o json and --tenant; cached per resource")
    func epochSeconds() async throws {
        let az = try FakeAzureCLI.answering(
            #"{"accessToken":"cli-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4102444800,"tokenType":"Bearer"}"#)
        defer { az.remove() }
        let credential = AzureCLICredential(environment: ["PATH": az.path, "AZURE_TENANT_ID": "tenant-1"])
        #expect(credential.sourceName == "Azure CLI")
        let token = try await credential.token(scope: Self.arm)
        #expect(token.value == "cli-token")
        #expect(token.expiresAt == Date(timeIntervalSince1970: 4_102_444_800))
        _ = try await credential.token(scope: Self.arm)
        _ = try await credential.token(scope: Self.graph)
        #expect(
            az.calls == [
                "account get-access-token --resource https://management.azure.com -o json --tenant tenant-1",
                "account get-access-token --resource https://graph.microsoft.com -o json --tenant tenant-1",
            ])
        await credential.invalidate(scope: Self.arm)
        _ = try await credential.token(scope: Self.arm)
        #expect(az.calls.count == 3)
    }

    @Test("expiresOn alone is local time with microseconds; no --tenant without AZURE_TENANT_ID")
    func localTime() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        let expiry = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3600).rounded())
        let az = try FakeAzureCLI.answering(#"{"accessToken":"cli-token","expiresOn":"\#(formatter.string(from: expiry))"}"#)
        defer { az.remove() }
        let token = try await AzureCLICredential(environment: ["PATH": az.path]).token(scope: Self.arm)
        #expect(abs(token.expiresAt.timeIntervalSince(expiry)) < 0.001)
        #expect(az.calls == ["account get-access-token --resource https://management.azure.com -o json"])
    }

    @Test("not logged in: says to run az login, with only the first line of stderr")
    func notLoggedIn() async throws {
        let az = try FakeAzureCLI(
            "echo \"ERROR: Please run 'az login' to setup account.\" >&2\necho 'second line eyJhbGciOi' >&2\nexit 1")
        defer { az.remove() }
        do {
            _ = try await AzureCLICredential(environment: ["PATH": az.path, "AZURE_TENANT_ID": "tenant-1"]).token(scope: Self.arm)
            Issue.record("a failing az produced a token")
        } catch {
            let message = "\(error)"
            #expect(message.contains("ERROR: Please run 'az login' to setup account."))
            #expect(message.contains("run `az login --tenant tenant-1`"))
            #expect(!message.contains("second line"))
        }
    }

    @Test("az not on PATH: says to install it and sign in")
    func notInstalled() async throws {
        let folder = try TemporaryFolder("bulwark-empty")
        defer { folder.remove() }
        await #expect(
            throws: CredentialError.azureCLIFailed(reason: "az was not found on PATH; install the Azure CLI, then run `az login`")
        ) {
            try await AzureCLICredential(environment: ["PATH": folder.url.path]).token(scope: Self.arm)
        }
    }

    @Test("an az that hangs is stopped at the timeout; output without a token is an error, never echoed")
    func timeoutAndGarbage() async throws {
        let hanging = try FakeAzureCLI("exec /bin/sleep 30")
        defer { hanging.remove() }
        let started = ContinuousClock.now
        do {
            _ = try await AzureCLICredential(environment: ["PATH": hanging.path], timeout: .milliseconds(300)).token(scope: Self.arm)
            Issue.record("a hanging az produced a token")
        } catch {
            #expect("\(error)".contains("did not finish"))
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        let garbage = try FakeAzureCLI.answering(#"{"accessToken":"eyJsecret"}"#)
        defer { garbage.remove() }
        do {
            _ = try await AzureCLICredential(environment: ["PATH": garbage.path]).token(scope: Self.arm)
            Issue.record("output without an expiry produced a token")
        } catch {
            #expect(!"\(error)".contains("eyJsecret"))
        }
    }
}
