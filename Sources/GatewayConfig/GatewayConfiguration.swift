public import AccessPolicy
public import AzureCredentials
public import BPE
public import EntraID
public import Foundation
public import PromptGuards
public import RESP
public import RateLimits
public import SourceModel
public import TokenAccounting

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
            /// Sends `Authorization: Bearer` with a Microsoft Entra token for `scope`, from one of the
            /// credential sources; tokens are cached and refreshed before they expire.
            case entraToken(AzureCredentials.CredentialSource, scope: String)
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
    /// `sqlite:PATH` or `postgres://USER@HOST:PORT/DB` (never with a password).
    public var keyStore: String
    /// The environment variable holding a pepper for key hashes, if any.
    public var keyPepperEnvironment: String?
    /// The environment variable holding PostgreSQL's password (`keys.passwordEnv`); nil reads `PGPASSWORD`.
    public var keyStorePasswordEnvironment: String? = nil
    /// Requests larger than this are refused with 413.
    public var maximumBodyBytes: Int
    /// The request head's limit: all header fields together, and any one of them.
    public var maximumHeaderBytes: Int = 64 * 1024
    /// At most this many header fields.
    public var maximumHeaderCount: Int = 100
    /// On SIGTERM or SIGINT, in-flight requests (streams included) get this long to finish before they are cut.
    public var shutdownDrainSeconds: Int
    /// How long a connection may take to send a request head or sit idle, and how many one address may hold.
    public var connections = Connections()
    /// Where `/metrics` is served (`metrics.listen`); nil: nowhere (the API listener never serves it).
    public var metricsListener: MetricsListener? = nil
    /// The audit log, when configured.
    public var audit: Audit?
    /// Microsoft Entra ID bearer tokens, when accepted.
    public var entra: EntraID?
    /// Peers whose `X-Forwarded-For` is believed; empty means the client IP is always the peer's address.
    public var trustedProxies: [IPNetwork] = []
    /// Named guard profiles (`guards.profiles`).
    public var guardProfiles: [String: GuardSettings] = [:]
    /// The profile for keys and for policies that name none; nil: no guards unless a policy names a profile.
    public var defaultGuards: String?
    /// Abuse monitoring, when configured.
    public var abuse: AbuseMonitoring?
    /// Rate limits, quotas and concurrency limits (`limits:`).
    public var limits = Limits()
    /// What loading accepted but should change (a deprecated key), as warnings to show the operator.
    public var warnings: [Diagnostic] = []

    /// A decaying violation score per identity; crossing `threshold` suspends the identity for `suspendSeconds`.
    public struct AbuseMonitoring: Sendable, Hashable {
        /// Points a guard verdict adds: `block` and `flag`.
        public var blockPoints: Double
        public var flagPoints: Double
        public var threshold: Double
        /// The score halves every this many seconds.
        public var halfLifeSeconds: Int
        public var suspendSeconds: Int
        /// Where a JSON alert is POSTed when an identity is suspended.
        public var webhook: URL?
    }

    /// One guard profile as configured: which guards run and how strict they are.
    public struct GuardSettings: Sendable, Hashable {
        public var name: String
        /// nil: the injection guard is off.
        public var injection: InjectionDetector.Thresholds?
        /// nil: personal data and secrets are not looked for.
        public var redaction: RedactionPolicy?
        /// nil: no blocklist. Compiled when the configuration is loaded.
        public var blocklist: Blocklist?
        public var completions: Bool
        /// Put masked values back into the answer, within the request.
        public var restorePlaceholders: Bool
    }

    /// The limits every request is checked against, and where their counters live.
    public struct Limits: Sendable, Hashable {
        /// What a request that names no completion cap reserves, unless configured.
        public static let defaultCompletionTokens: Int64 = 4_096

        /// In configuration order; names are unique.
        public var rules: [LimitRule]
        /// Prices per deployment (lower-cased names), for spend limits.
        public var prices: [String: TokenPrice]
        /// Encodings per deployment (lower-cased names) where the name does not say the model.
        public var encodings: [String: EncodingName]
        /// Completion tokens reserved for a request that names no cap (`max_tokens`, `max_completion_tokens`,
        /// `max_output_tokens`).
        public var defaultCompletionTokens: Int64
        /// This replica's memory (`memory`, the default), or Redis shared by the replicas.
        public var store: Store
        /// `limits.onStoreError`: what a key's own limits (and rules that do not say) do while a shared store cannot
        /// answer; `closed` unless written.
        public var onStoreError: LimitRule.StoreErrorPolicy

        public init(
            rules: [LimitRule] = [], prices: [String: TokenPrice] = [:], encodings: [String: EncodingName] = [:],
            defaultCompletionTokens: Int64 = Limits.defaultCompletionTokens, store: Store = .memory,
            onStoreError: LimitRule.StoreErrorPolicy = .closed
        ) {
            self.rules = rules
            self.prices = prices
            self.encodings = encodings
            self.defaultCompletionTokens = defaultCompletionTokens
            self.store = store
            self.onStoreError = onStoreError
        }

        /// The price of a deployment, if configured.
        public func price(of deployment: String) -> TokenPrice? { prices[deployment.lowercased()] }

        /// The encoding a deployment's tokens are counted with: configured, or known from its name (`o200k_base` for
        /// names the tokenizer does not know).
        public func encoding(of deployment: String) -> EncodingName {
            encodings[deployment.lowercased()] ?? EncodingName.forModel(deployment)
        }

        /// Where limit counters live.
        public enum Store: Sendable, Hashable {
            /// This replica's own counters: with N replicas, each admits up to the limit.
            case memory
            /// Redis, shared by every replica.
            case redis(SharedStore)
        }

        /// A Redis limit store: `limits.store: redis://…` or `rediss://…` and the settings beside it.
        public struct SharedStore: Sendable, Hashable, CustomStringConvertible {
            /// The server, from the URL. A password in the URL is kept but never printed.
            public var server: RESPConfiguration
            /// The environment variable holding the password (`limits.passwordEnv`); it wins over the URL's.
            public var passwordEnvironment: String?
            /// Put before every key; holds a `{hash tag}` (`limits.keyPrefix`, default `{bulwark}:limits:`).
            public var keyPrefix: String
            /// How long an admission may wait for Redis (`limits.timeout`, default 500 ms).
            public var timeout: Duration
            /// The least number of replicas an `onStoreError: local` rule's limit is divided by (`limits.replicas`).
            public var replicas: Int

            public init(server: RESPConfiguration, passwordEnvironment: String?, keyPrefix: String, timeout: Duration, replicas: Int) {
                self.server = server
                self.passwordEnvironment = passwordEnvironment
                self.keyPrefix = keyPrefix
                self.timeout = timeout
                self.replicas = replicas
            }

            /// The server without its password, and the settings.
            public var description: String {
                "\(server) keyPrefix=\(keyPrefix) timeout=\(timeout) replicas=\(replicas)"
                    + (passwordEnvironment.map { " passwordEnv=\($0)" } ?? "")
            }

            public static func == (lhs: SharedStore, rhs: SharedStore) -> Bool { lhs.description == rhs.description }
            public func hash(into hasher: inout Hasher) { hasher.combine(description) }
        }
    }

    /// How client tokens are checked and what each token policy allows.
    public struct EntraID: Sendable, Hashable {
        /// Tenant ids (`tid`) whose tokens are accepted.
        public var tenants: [String]
        /// Accepted `aud` values (the gateway's app id URI or client id).
        public var audiences: [String]
        /// The authority host, `https://login.microsoftonline.com` unless a sovereign cloud or a test server.
        public var authority: URL
        /// Where the signing keys are published.
        public var jwksURL: URL
        /// Leeway for `exp` and `nbf`, at most 300 s.
        public var clockSkewSeconds: Int
        /// How long fetched signing keys are used before they are fetched again.
        public var keysRefreshSeconds: Int
        /// What tokens may do, by app role or group; a token that matches no policy may do nothing.
        public var policies: [TokenPolicy]

        public init(
            tenants: [String], audiences: [String], authority: URL, jwksURL: URL, clockSkewSeconds: Int, keysRefreshSeconds: Int,
            policies: [TokenPolicy]
        ) {
            self.tenants = tenants
            self.audiences = audiences
            self.authority = authority
            self.jwksURL = jwksURL
            self.clockSkewSeconds = clockSkewSeconds
            self.keysRefreshSeconds = keysRefreshSeconds
            self.policies = policies
        }

        /// What the token validator checks, from these settings.
        public var validation: EntraTokenValidator.Settings {
            EntraTokenValidator.Settings(tenants: tenants, audiences: audiences, authority: authority, clockSkewSeconds: clockSkewSeconds)
        }

        /// The issuers a token from `tenant` may carry (see ``EntraTokenValidator/Settings/issuers(for:)``).
        public func issuers(for tenant: String) -> [String] {
            validation.issuers(for: tenant)
        }
    }

    /// Access for tokens carrying one of `roles` (app roles) or `groups` (group object ids).
    public struct TokenPolicy: Sendable, Hashable {
        public var name: String
        public var roles: [String]
        public var groups: [String]
        /// Deployment names; `*` only when written.
        public var deployments: [String]
        /// `chat`, `completions`, `embeddings`.
        public var operations: [String]
        /// Regions or geographies; empty allows every region.
        public var regions: [String]
        /// Conditional access: the token must show multi-factor authentication (`amr` contains `mfa`, or `acrs`
        /// carries one of `authenticationContexts`).
        public var requireMFA: Bool
        public var authenticationContexts: [String]
        /// Conditional access: the client's address must be in one of these networks; empty allows any.
        public var clientNetworks: [IPNetwork]
        /// The guard profile for this policy's requests: nil for the default, `none` for no guards.
        public var guards: String? = nil
    }

    public struct Audit: Sendable, Hashable {
        /// The active file; rotated files get `.1`, `.2`, … and the chain continues across them.
        public var path: String
        /// The environment variable holding the HMAC key.
        public var keyEnvironment: String
        public var maximumBytes: Int
        /// Whether prompts and completions go into the records.
        public var content: Content = .none

        public enum Content: String, Sendable, Hashable, CaseIterable {
            /// Neither prompts nor completions.
            case none
            /// Both, with personal data and secrets replaced by placeholders (`[EMAIL_1]`).
            case redacted
            /// Both, as sent and received.
            case full
        }
    }

    /// The upstreams that serve a deployment, in configuration order.
    public func upstreams(serving deployment: String) -> [Upstream] {
        upstreams.filter { upstream in upstream.deployments.contains { DeploymentName.same($0, deployment) } }
    }
}
