public import Foundation

/// The Azure CLI's signed-in account: `az account get-access-token --resource RESOURCE -o json` (with `--tenant`
/// when `AZURE_TENANT_ID` is set), `az` found on the `PATH` of the environment given. Tokens are cached per resource,
/// since each call starts a Python process. The CLI's own token cache files are never read.
public final class AzureCLICredential: TokenCredential {
    public let sourceName = "Azure CLI"
    private let environment: [String: String]
    private let timeout: Duration
    private let cache: TokenCache

    /// - Parameters:
    ///   - environment: `PATH` finds `az`; the process gets exactly these variables.
    ///   - timeout: how long `az` may take (20 s).
    public init(environment: [String: String], timeout: Duration = .seconds(20), now: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.timeout = timeout
        self.cache = TokenCache(now: now)
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        try await cache.token(scope: scope) { [self] scope throws(CredentialError) in try await fetch(scope: scope) }
    }

    public func invalidate(scope: String) async {
        await cache.invalidate(scope: scope)
    }

    private func fetch(scope: String) async throws(CredentialError) -> AccessToken {
        let resource = scope.hasSuffix("/.default") ? String(scope.dropLast("/.default".count)) : scope
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.:/_")
        guard !resource.isEmpty, !resource.hasPrefix("-"), resource.unicodeScalars.allSatisfy(allowed.contains) else {
            throw .azureCLIFailed(reason: "the scope \(scope) is not a resource the Azure CLI accepts")
        }
        let tenant = environment["AZURE_TENANT_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let login = tenant.map { "az login --tenant \($0)" } ?? "az login"
        guard let az = Self.executable("az", path: environment["PATH"] ?? "") else {
            throw .azureCLIFailed(reason: "az was not found on PATH; install the Azure CLI, then run `\(login)`")
        }
        var arguments = ["account", "get-access-token", "--resource", resource, "-o", "json"]
        if let tenant { arguments += ["--tenant", tenant] }
        let output: ChildProcess.Output
        do {
            output = try await ChildProcess.run(executable: az, arguments: arguments, environment: environment, timeout: timeout)
        } catch {
            throw .azureCLIFailed(reason: "\(az) could not be started; check the Azure CLI installation, then run `\(login)`")
        }
        if output.timedOut {
            throw .azureCLIFailed(reason: "az account get-access-token did not finish within \(timeout); run `\(login)` and try again")
        }
        guard output.status == 0 else {
            let firstLine = Self.firstLine(output.standardError).map { " (\($0))" } ?? ""
            throw .azureCLIFailed(reason: "az account get-access-token failed\(firstLine); run `\(login)`")
        }
        guard let token = Self.parse(output.standardOutput) else {
            throw .azureCLIFailed(reason: "az account get-access-token printed no token and expiry; update the Azure CLI")
        }
        return token
    }

    /// The token from `az account get-access-token -o json`: `accessToken`, and `expires_on` (seconds since 1970,
    /// az 2.54 and later) or else `expiresOn` (local time, `2026-12-07 18:30:00.123456`).
    static func parse(_ output: Data) -> AccessToken? {
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
            let token = object["accessToken"] as? String, !token.isEmpty
        else { return nil }
        if let seconds = (object["expires_on"] as? NSNumber)?.doubleValue ?? (object["expires_on"] as? String).flatMap(Double.init) {
            return AccessToken(value: token, expiresAt: Date(timeIntervalSince1970: seconds))
        }
        guard let local = object["expiresOn"] as? String else { return nil }
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = .current
            formatter.dateFormat = format
            if let date = formatter.date(from: local) { return AccessToken(value: token, expiresAt: date) }
        }
        return nil
    }

    /// The first non-empty line of `az`'s error output, shortened, and dropped if it looks like it holds a token.
    static func firstLine(_ data: Data) -> String? {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        guard
            let line = text.split(whereSeparator: \.isNewline).lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: {
                !$0.isEmpty
            })
        else { return nil }
        if line.contains("eyJ") { return nil }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// The first executable file called `name` in the directories of `path`.
    static func executable(_ name: String, path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}
