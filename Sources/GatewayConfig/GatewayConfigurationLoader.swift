public import Foundation
import APIKeys
import LocatedYAML
public import SourceModel

/// A problem in the configuration file: a located ``Diagnostic`` whose message is `path: message`, kept with the
/// path to the value and the message apart, so tests and tools can ask for either.
public struct GatewayConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problem as every reader in Bulwark reports one.
    public var diagnostic: Diagnostic
    /// Where in the document: `upstreams[0].endpoint`.
    public var path: String
    /// What is wrong, without the path.
    public var message: String

    public init(at location: SourceLocation, path: String, message: String) {
        diagnostic = Diagnostic(.gatewayConfiguration, at: location, path.isEmpty ? message : "\(path): \(message)")
        self.path = path
        self.message = message
    }

    public var file: String { diagnostic.location.file }
    public var line: Int { diagnostic.location.line }
    public var column: Int { diagnostic.location.column }

    /// `file:line:col: path: message`.
    public var description: String { diagnostic.description }
}

extension Diagnostic.Code {
    /// A gateway configuration value that is missing, malformed or not allowed.
    public static let gatewayConfiguration = Self("gateway-configuration")
}

/// Every problem found in one configuration file.
public struct GatewayConfigurationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [GatewayConfigurationError]
    /// The problems as diagnostics.
    public var diagnostics: [Diagnostic] { errors.map(\.diagnostic) }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and validates the gateway's YAML configuration: `${NAME}` is replaced by the environment variable,
/// every problem is collected with its path, and nothing is returned unless the whole file is valid.
public struct GatewayConfigurationLoader {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private static let knownKeys: Set<String> = [
        "listen", "tls", "allowPlainHTTP", "upstreams", "keys", "server", "limits", "audit", "entra", "trustedProxies", "guards", "abuse",
        "metrics",
    ]

    public func load(_ text: String, file: String) -> Result<GatewayConfiguration, GatewayConfigurationErrors> {
        let root: YAMLNode
        let start = SourceLocation(file: file, line: 1, column: 1)
        do {
            guard let composed = try YAMLDocument.compose(text, file: file) else {
                return .failure(
                    GatewayConfigurationErrors(errors: [
                        GatewayConfigurationError(at: start, path: "", message: "the configuration file is empty")
                    ]))
            }
            root = composed
        } catch {
            // At the parser's position, on one line (the library's own text spreads over several).
            return .failure(
                GatewayConfigurationErrors(errors: [
                    GatewayConfigurationError(at: error.location, path: "", message: "invalid YAML: \(error.problem)")
                ]))
        }
        guard root.mapping != nil else {
            return .failure(
                GatewayConfigurationErrors(errors: [
                    GatewayConfigurationError(at: start, path: "", message: "expected a mapping with listen, upstreams and keys")
                ]))
        }
        let reader = ConfigurationReader(file: file, root: root, environment: environment)
        reader.rejectUnknownKeys(root, "", known: Self.knownKeys)
        let listener = readListener(reader)
        let upstreams = readUpstreams(reader)
        reader.rejectUnknownKeys(root["keys"], "keys", known: ["store", "pepperEnv", "passwordEnv"])
        let keyStore = reader.string(root["keys"]?["store"], "keys.store")
        let pepper = reader.optionalString(root["keys"]?["pepperEnv"], "keys.pepperEnv")
        let passwordEnvironment = reader.optionalString(root["keys"]?["passwordEnv"], "keys.passwordEnv")
        if let keyStore, let node = root["keys"]?["store"] {
            do throws(KeyStoreError) { _ = try KeyStoreLocation(keyStore) } catch { reader.fail(node, "keys.store", error.description) }
        }
        if let server = root["server"], server.mapping == nil {
            reader.fail(server, "server", "expected a mapping such as { maxBodyBytes: 4194304, shutdownDrainSeconds: 30 }")
        }
        reader.rejectUnknownKeys(root["server"], "server", known: Self.serverKeys.union(Self.connectionKeys))
        reader.rejectUnknownKeys(root["limits"], "limits", known: Self.serverKeys.union(Self.limitsKeys))
        let maximumBodyBytes = serverSetting(reader, "maxBodyBytes", default: 4 * 1024 * 1024, in: 1...(1 << 30), unit: "bytes")
        let maximumHeaderBytes = serverSetting(reader, "maxHeaderBytes", default: 64 * 1024, in: 1024...(1 << 20), unit: "bytes")
        let maximumHeaderCount = serverSetting(reader, "maxHeaderCount", default: 100, in: 8...10_000, unit: "header fields")
        let shutdownDrainSeconds = serverSetting(reader, "shutdownDrainSeconds", default: 30, in: 1...3600, unit: "seconds")
        let connections = readConnections(reader)
        let metricsListener = readMetricsListener(reader)
        let limits = readLimits(reader, upstreams: upstreams)
        let audit = readAudit(reader)
        let entra = readEntra(reader)
        let trustedProxies = reader.networks(root["trustedProxies"], "trustedProxies")
        let guards = readGuards(reader)
        let abuse = readAbuse(reader)
        checkStartup(reader, keyStore: keyStore, pepperEnvironment: pepper, audit: audit, limits: limits, upstreams: upstreams)
        for (index, policy) in (entra?.policies ?? []).enumerated() {
            if let name = policy.guards, name != "none", guards.profiles[name] == nil {
                reader.fail(root["entra"]?["policies"], "entra.policies[\(index)].guards", "no guard profile named '\(name)'")
            }
        }
        guard reader.errors.isEmpty, let listener, let keyStore else { return .failure(GatewayConfigurationErrors(errors: reader.errors)) }
        return .success(
            GatewayConfiguration(
                listener: listener, upstreams: upstreams, keyStore: keyStore, keyPepperEnvironment: pepper,
                keyStorePasswordEnvironment: passwordEnvironment,
                maximumBodyBytes: maximumBodyBytes,
                maximumHeaderBytes: maximumHeaderBytes, maximumHeaderCount: maximumHeaderCount,
                shutdownDrainSeconds: shutdownDrainSeconds, connections: connections, metricsListener: metricsListener, audit: audit,
                entra: entra, trustedProxies: trustedProxies,
                guardProfiles: guards.profiles, defaultGuards: guards.default, abuse: abuse, limits: limits, warnings: reader.warnings
            ))
    }

    /// The HTTP server's settings: request sizes and the shutdown drain.
    private static let serverKeys: Set<String> = ["maxBodyBytes", "maxHeaderBytes", "maxHeaderCount", "shutdownDrainSeconds"]
    /// Connection limits: only under `server` (they never lived under `limits`).
    private static let connectionKeys: Set<String> = ["headerTimeoutSeconds", "idleTimeoutSeconds", "maxConnectionsPerAddress"]

    /// A `server` setting. Before the `server` section existed these lived under `limits`, which now belongs to rate
    /// limits and quotas: the old place is still read, with a warning, and setting both is an error.
    private func serverSetting(
        _ reader: ConfigurationReader, _ name: String, default value: Int, in range: ClosedRange<Int>, unit: String
    ) -> Int {
        let current = reader.root["server"]?[name], deprecated = reader.root["limits"]?[name]
        guard let deprecated else { return reader.int(current, "server.\(name)", default: value, in: range, unit: unit) }
        guard current == nil else {
            reader.fail(deprecated, "limits.\(name)", "is also set as server.\(name); remove it from limits")
            return value
        }
        reader.warn(deprecated, "limits.\(name)", "is deprecated: move it to server.\(name) (limits is for rate limits and quotas)")
        return reader.int(deprecated, "limits.\(name)", default: value, in: range, unit: unit)
    }

    private func readListener(_ reader: ConfigurationReader) -> GatewayConfiguration.Listener? {
        let root = reader.root
        var tls: GatewayConfiguration.TLSFiles?
        if let node = root["tls"] {
            reader.rejectUnknownKeys(node, "tls", known: ["certificate", "privateKey"])
            let certificate = reader.string(node["certificate"], "tls.certificate", parent: node)
            let key = reader.string(node["privateKey"], "tls.privateKey", parent: node)
            checkTLSFiles(reader, node, certificate: certificate, privateKey: key)
            if let certificate, let key { tls = .init(certificateChain: certificate, privateKey: key) }
        }
        let allowPlainHTTP = reader.bool(root["allowPlainHTTP"], "allowPlainHTTP", default: false)
        guard let text = reader.string(root["listen"], "listen") else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (0...65535).contains(port) else {  // 0: any free port
            reader.fail(root["listen"], "listen", "expected host:port, such as 127.0.0.1:8080")
            return nil
        }
        if tls == nil, !allowPlainHTTP, !ConfigurationReader.isLoopback(String(parts[0])) {
            reader.fail(
                root["listen"], "listen",
                "plain HTTP may listen only on loopback (127.0.0.1, ::1, localhost); configure tls, or set allowPlainHTTP: true behind a TLS-terminating proxy"
            )
        }
        return .init(host: String(parts[0]), port: port, tls: tls)
    }

    private func readAudit(_ reader: ConfigurationReader) -> GatewayConfiguration.Audit? {
        guard let node = reader.root["audit"] else { return nil }
        reader.rejectUnknownKeys(node, "audit", known: ["path", "hmacKeyEnv", "content", "maxBytes"])
        let path = reader.string(node["path"], "audit.path", parent: node)
        let keyEnvironment = reader.string(node["hmacKeyEnv"], "audit.hmacKeyEnv", parent: node)
        if let keyEnvironment { reader.requireEnvironment(keyEnvironment, node: node["hmacKeyEnv"], path: "audit.hmacKeyEnv") }
        var content = GatewayConfiguration.Audit.Content.none
        if let node = node["content"] {
            if let text = reader.string(node, "audit.content"), let parsed = GatewayConfiguration.Audit.Content(rawValue: text) {
                content = parsed
            } else {
                reader.fail(node, "audit.content", "expected none, redacted or full")
            }
        }
        let maximumBytes = reader.int(node["maxBytes"], "audit.maxBytes", default: 64 * 1024 * 1024, in: 1024...(1 << 40), unit: "bytes")
        guard let path, let keyEnvironment else { return nil }
        return .init(path: path, keyEnvironment: keyEnvironment, maximumBytes: maximumBytes, content: content)
    }

    /// `audit.hmacKeyEnv` alone, without validating the rest (whose variables `audit verify` may not have).
    public static func auditKeyEnvironment(in text: String) -> String? {
        guard let root = try? YAMLDocument.compose(text, file: "") else { return nil }
        return root["audit"]?["hmacKeyEnv"]?.string
    }
}
