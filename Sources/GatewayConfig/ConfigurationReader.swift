import AccessPolicy
import Foundation
import LocatedYAML
import SourceModel
import Yams

/// Reads typed values out of the configuration's located YAML nodes (LocatedYAML), collecting every problem as a
/// diagnostic with its path and position instead of stopping at the first. The gateway's own rules live here:
/// `${NAME}` interpolation and plain HTTP only to loopback. One reader per file load; not shared across tasks.
final class ConfigurationReader {
    let file: String
    let root: YAMLNode
    let environment: [String: String]
    private(set) var errors: [GatewayConfigurationError] = []
    /// What is accepted but should change (deprecated keys), as warning diagnostics.
    private(set) var warnings: [Diagnostic] = []

    init(file: String, root: YAMLNode, environment: [String: String]) {
        self.file = file
        self.root = root
        self.environment = environment
    }

    func fail(_ node: YAMLNode?, _ path: String, _ message: String) {
        fail(at: (node ?? root).location, path, message)
    }

    func fail(at location: SourceLocation, _ path: String, _ message: String) {
        errors.append(GatewayConfigurationError(at: location, path: path, message: message))
    }

    func warn(_ node: YAMLNode?, _ path: String, _ message: String) {
        warnings.append(Diagnostic(.gatewayConfiguration, .warning, at: (node ?? root).location, "\(path): \(message)"))
    }

    /// A required string, `${NAME}` interpolated; nil (and an error) when absent or not a scalar.
    func string(_ node: YAMLNode?, _ path: String, parent: YAMLNode? = nil) -> String? {
        guard let node else { fail(parent, path, "is required"); return nil }
        guard let raw = node.string, node.isScalar else { fail(node, path, "expected a string"); return nil }
        return interpolate(raw, node: node, path: path)
    }

    /// An optional string: nil without an error when absent.
    func optionalString(_ node: YAMLNode?, _ path: String) -> String? {
        node.flatMap { string($0, path) }
    }

    /// A list of strings (a single string is a list of one); empty when absent.
    func strings(_ node: YAMLNode?, _ path: String) -> [String] {
        guard let node else { return [] }
        if node.isScalar { return string(node, path).map { [$0] } ?? [] }
        guard let items = node.sequence else { fail(node, path, "expected a list of strings"); return [] }
        return items.enumerated().compactMap { index, item in string(item, "\(path)[\(index)]") }
    }

    func bool(_ node: YAMLNode?, _ path: String, default value: Bool) -> Bool {
        guard let node else { return value }
        guard let flag = node.bool else { fail(node, path, "expected true or false"); return value }
        return flag
    }

    /// A whole number in `range`, or `value` when absent.
    func int(_ node: YAMLNode?, _ path: String, default value: Int, in range: ClosedRange<Int>, unit: String) -> Int {
        guard let node else { return value }
        guard let number = node.int, range.contains(number) else {
            fail(node, path, "expected a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
            return value
        }
        return number
    }

    /// An http(s) URL; plain HTTP only to loopback unless `plainHTTPAllowed` says why it is fine.
    func url(
        _ node: YAMLNode?, _ path: String, parent: YAMLNode? = nil, plainHTTPAllowed: (String) -> Bool = ConfigurationReader.isLoopback
    ) -> URL? {
        guard let text = string(node, path, parent: parent) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, ["http", "https"].contains(scheme)
        else {
            fail(node, path, "expected an http(s) URL such as https://contoso.openai.azure.com")
            return nil
        }
        if scheme == "http", !plainHTTPAllowed(host) {
            fail(node, path, "plain HTTP is allowed only to loopback; use https://")
            return nil
        }
        return url
    }

    /// CIDR blocks or addresses.
    func networks(_ node: YAMLNode?, _ path: String) -> [IPNetwork] {
        strings(node, path).compactMap { text in
            guard let network = IPNetwork(text) else {
                fail(node, path, "'\(text)' is not an IP address or CIDR block such as 10.0.0.0/8 or 2001:db8::/32")
                return nil
            }
            return network
        }
    }

    /// Reports keys of `node` outside `known`.
    func rejectUnknownKeys(_ node: YAMLNode?, _ path: String, known: Set<String>) {
        guard let mapping = node?.mapping else { return }
        for pair in mapping where !known.contains(pair.key) {
            fail(
                at: pair.keyLocation, path.isEmpty ? pair.key : "\(path).\(pair.key)",
                "unknown setting; expected \(known.sorted().joined(separator: ", "))")
        }
    }

    /// Fails unless the environment variable holds a value.
    func requireEnvironment(_ variable: String, node: YAMLNode?, path: String) {
        if environment[variable]?.isEmpty ?? true { fail(node, path, "the environment variable \(variable) is not set") }
    }

    /// `${NAME}` is the environment variable's value; an unset one is an error.
    private func interpolate(_ text: String, node: YAMLNode, path: String) -> String? {
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

    static func isLoopback(_ host: String) -> Bool {
        let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension YAMLNode {
    /// A scalar read as a boolean, as Yams reads one.
    var bool: Bool? { node.bool }
    /// A scalar read as a whole number, as Yams reads one.
    var int: Int? { node.int }
    /// A scalar read as a number, as Yams reads one.
    var float: Double? { node.float }

    /// A mapping's key and value nodes, in document order; nil for other nodes.
    var pairs: [(key: YAMLNode, value: YAMLNode)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (YAMLNode(node: $0.key, file: file), YAMLNode(node: $0.value, file: file)) }
    }
}
