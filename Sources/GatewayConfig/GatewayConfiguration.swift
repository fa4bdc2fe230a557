public import Foundation

/// Everything `bulwark gateway` needs, validated: one `Sendable` value built from the YAML file.
public struct GatewayConfiguration: Sendable, Hashable {
    public struct Listener: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// PEM files for TLS (1.2 and newer); nil for plain HTTP, which is allowed only on loopback or with
        /// `allowPlainHTTP: true`.
        public var tls: TLSFiles?
    }

    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String
    }

    public struct Upstream: Sendable, Hashable {
        public enum Authentication: Sendable, Hashable {
            /// Sends the `api-key` header, as Azure OpenAI expects, with a key read from an environment variable.
            case apiKey(environmentVariable: String)
        }

        public var name: String
        public var endpoint: URL
        public var region: String
        public var deployments: [String]
        public var authentication: Authentication
        public var timeout: TimeInterval
    }

    public var listener: Listener
    public var upstreams: [Upstream]
    /// `sqlite:PATH`.
    public var keyStore: String
    /// The environment variable holding a pepper for key hashes, if any.
    public var keyPepperEnvironment: String?
    /// Requests larger than this are refused with 413.
    public var maximumBodyBytes: Int
    /// On SIGTERM or SIGINT, in-flight requests (streams included) get this long to finish before they are cut.
    public var shutdownDrainSeconds: Int
    /// The audit log, when configured.
    public var audit: Audit?

    public struct Audit: Sendable, Hashable {
        /// The active file; rotated files get `.1`, `.2`, … and the chain continues across them.
        public var path: String
        /// The environment variable holding the HMAC key.
        public var keyEnvironment: String
        public var maximumBytes: Int
    }

    /// The upstreams that serve a deployment, in configuration order.
    public func upstreams(serving deployment: String) -> [Upstream] {
        upstreams.filter { upstream in upstream.deployments.contains { $0.caseInsensitiveCompare(deployment) == .orderedSame } }
    }
}

/// Geographies an identity may be limited to, and the Azure regions in each.
public enum Geography {
    public static let regions: [String: Set<String>] = [
        "eu": [
            "westeurope", "northeurope", "swedencentral", "swedensouth", "francecentral", "francesouth",
            "germanywestcentral", "germanynorth", "italynorth", "polandcentral", "spaincentral", "austriaeast",
            "belgiumcentral", "denmarkeast",
        ],
        "us": [
            "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus", "southcentralus",
            "westcentralus",
        ],
    ]

    /// True when `region` is allowed by `allowed` (regions or geographies); an empty list allows every region.
    public static func allows(_ allowed: [String], region: String) -> Bool {
        guard !allowed.isEmpty else { return true }
        let region = region.lowercased()
        return allowed.contains { entry in
            let entry = entry.lowercased()
            return entry == region || regions[entry]?.contains(region) == true
        }
    }
}
