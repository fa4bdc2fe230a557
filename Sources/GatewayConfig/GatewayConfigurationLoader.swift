public import Foundation
import Yams

/// A problem in the configuration file, with the path to the value and its line and column.
public struct GatewayConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// Where in the document: `upstreams[0].endpoint`.
    public var path: String
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(path): \(message)" }
}

/// Every problem found in one configuration file.
public struct GatewayConfigurationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [GatewayConfigurationError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and validates the gateway's YAML configuration: `${NAME}` is replaced by the environment variable,
/// every problem is collected with its path, and nothing is returned unless the whole file is valid.
public struct GatewayConfigurationLoader {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private static let knownKeys: Set<String> = ["listen", "tls", "allowPlainHTTP", "upstreams", "keys", "limits", "audit"]

    public func load(_ text: String, file: String) -> Result<GatewayConfiguration, GatewayConfigurationErrors> {
        var errors: [GatewayConfigurationError] = []
        func fail(_ node: Node?, _ path: String, _ message: String) {
            errors.append(GatewayConfigurationError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path, message: message))
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text, .basic) else {
                return .failure(GatewayConfigurationErrors(errors: [GatewayConfigurationError(file: file, line: 1, column: 1, path: "", message: "the configuration file is empty")]))
            }
            root = composed
        } catch {
            return .failure(GatewayConfigurationErrors(errors: [GatewayConfigurationError(file: file, line: 1, column: 1, path: "", message: "invalid YAML: \(error)")]))
        }
        guard case .mapping(let top) = root else {
            return .failure(GatewayConfigurationErrors(errors: [GatewayConfigurationError(file: file, line: 1, column: 1, path: "", message: "expected a mapping with listen, upstreams and keys")]))
        }
        for pair in top {
            let key = pair.key.string ?? ""
            if !Self.knownKeys.contains(key) {
                fail(pair.key, key, "unknown setting; expected \(Self.knownKeys.sorted().joined(separator: ", "))")
            }
        }
        func string(_ node: Node?, _ path: String) -> String? {
            guard let node else { fail(root, path, "is required"); return nil }
            guard let raw = node.string, node.scalar != nil else { fail(node, path, "expected a string"); return nil }
            return interpolate(raw, node: node, path: path, fail: fail)
        }

        var tls: GatewayConfiguration.TLSFiles?
        if let node = root["tls"] {
            let certificate = string(node["certificate"], "tls.certificate")
            let key = string(node["privateKey"], "tls.privateKey")
            for (path, value) in [("tls.certificate", certificate), ("tls.privateKey", key)] {
                if let value, !FileManager.default.isReadableFile(atPath: value) {
                    fail(node[String(path.dropFirst(4))], path, "cannot read \(value)")
                }
            }
            if let certificate, let key { tls = .init(certificateChain: certificate, privateKey: key) }
        }
        let allowPlainHTTP = root["allowPlainHTTP"]?.bool ?? false
        var listener: GatewayConfiguration.Listener?
        if let text = string(root["listen"], "listen") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (0...65535).contains(port) {  // 0: any free port
                listener = .init(host: String(parts[0]), port: port, tls: tls)
                if tls == nil, !allowPlainHTTP, !Self.isLoopback(String(parts[0])) {
                    fail(root["listen"], "listen", "plain HTTP may listen only on loopback (127.0.0.1, ::1, localhost); configure tls, or set allowPlainHTTP: true behind a TLS-terminating proxy")
                }
            } else {
                fail(root["listen"], "listen", "expected host:port, such as 127.0.0.1:8080")
            }
        }

        var upstreams: [GatewayConfiguration.Upstream] = []
        if case .sequence(let list)? = root["upstreams"], !list.isEmpty {
            for (index, node) in list.enumerated() {
                let path = "upstreams[\(index)]"
                let name = string(node["name"], path + ".name")
                let region = string(node["region"], path + ".region")
                var endpoint: URL?
                if let text = string(node["endpoint"], path + ".endpoint") {
                    if let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, ["http", "https"].contains(scheme) {
                        if scheme == "http", !Self.isLoopback(host) {
                            fail(node["endpoint"], path + ".endpoint", "plain HTTP is allowed only to loopback upstreams; use https://")
                        } else {
                            endpoint = url
                        }
                    } else {
                        fail(node["endpoint"], path + ".endpoint", "expected an http(s) URL such as https://contoso.openai.azure.com")
                    }
                }
                var deployments: [String] = []
                if case .sequence(let items)? = node["deployments"], !items.isEmpty {
                    deployments = items.compactMap { $0.string }
                } else {
                    fail(node["deployments"] ?? node, path + ".deployments", "expected a non-empty list of deployment names")
                }
                var authentication: GatewayConfiguration.Upstream.Authentication?
                if let auth = node["auth"] {
                    switch auth["type"]?.string {
                    case "apiKey":
                        if let variable = string(auth["keyEnv"], path + ".auth.keyEnv") {
                            if environment[variable]?.isEmpty ?? true {
                                fail(auth["keyEnv"], path + ".auth.keyEnv", "the environment variable \(variable) is not set")
                            }
                            authentication = .apiKey(environmentVariable: variable)
                        }
                    case let other:
                        fail(auth["type"] ?? auth, path + ".auth.type", "'\(other ?? "")' is not available in this version; use apiKey (managed identity, workload identity and client secrets come next)")
                    }
                } else {
                    fail(node, path + ".auth", "is required: how the gateway authenticates to this upstream")
                }
                var timeout: TimeInterval = 60
                if let value = node["timeoutSeconds"] {
                    if let seconds = value.int, seconds > 0 { timeout = TimeInterval(seconds) } else { fail(value, path + ".timeoutSeconds", "expected a positive whole number of seconds") }
                }
                if let name, let region, let endpoint, let authentication, !deployments.isEmpty {
                    upstreams.append(.init(name: name, endpoint: endpoint, region: region, deployments: deployments, authentication: authentication, timeout: timeout))
                }
            }
        } else {
            fail(root["upstreams"] ?? root, "upstreams", "expected a non-empty list of upstreams")
        }

        let keyStore = string(root["keys"]?["store"], "keys.store")
        let pepper = root["keys"]?["pepperEnv"].flatMap { string($0, "keys.pepperEnv") }
        var maximumBodyBytes = 4 * 1024 * 1024
        if let value = root["limits"]?["maxBodyBytes"] {
            if let bytes = value.int, bytes > 0 { maximumBodyBytes = bytes } else { fail(value, "limits.maxBodyBytes", "expected a positive number of bytes") }
        }
        var shutdownDrainSeconds = 30
        if let value = root["limits"]?["shutdownDrainSeconds"] {
            if let seconds = value.int, seconds > 0 { shutdownDrainSeconds = seconds } else { fail(value, "limits.shutdownDrainSeconds", "expected a positive whole number of seconds") }
        }
        var audit: GatewayConfiguration.Audit?
        if let node = root["audit"] {
            let path = string(node["path"], "audit.path")
            let keyEnvironment = string(node["hmacKeyEnv"], "audit.hmacKeyEnv")
            if let keyEnvironment, environment[keyEnvironment]?.isEmpty ?? true {
                fail(node["hmacKeyEnv"], "audit.hmacKeyEnv", "the environment variable \(keyEnvironment) is not set")
            }
            if let content = node["content"], content.string != "none" {
                fail(content, "audit.content", "only 'none' is available in this version: prompts and completions are not logged")
            }
            var maximumBytes = 64 * 1024 * 1024
            if let value = node["maxBytes"] {
                if let bytes = value.int, bytes > 0 { maximumBytes = bytes } else { fail(value, "audit.maxBytes", "expected a positive number of bytes") }
            }
            if let path, let keyEnvironment { audit = .init(path: path, keyEnvironment: keyEnvironment, maximumBytes: maximumBytes) }
        }
        guard errors.isEmpty, let listener, let keyStore else { return .failure(GatewayConfigurationErrors(errors: errors)) }
        return .success(GatewayConfiguration(listener: listener, upstreams: upstreams, keyStore: keyStore, keyPepperEnvironment: pepper, maximumBodyBytes: maximumBodyBytes,
                                            shutdownDrainSeconds: shutdownDrainSeconds, audit: audit))
    }

    /// `${NAME}` is the environment variable's value; an unset one is an error.
    private func interpolate(_ text: String, node: Node, path: String, fail: (Node?, String, String) -> Void) -> String? {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                fail(node, path, "'${' is not closed")
                return nil
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else {
                fail(node, path, "the environment variable \(name) is not set")
                return nil
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// `audit.hmacKeyEnv` alone, without validating the rest (whose variables `audit verify` may not have).
    public static func auditKeyEnvironment(in text: String) -> String? {
        guard let root = try? Yams.compose(yaml: text, .basic) else { return nil }
        return root["audit"]?["hmacKeyEnv"]?.string
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
