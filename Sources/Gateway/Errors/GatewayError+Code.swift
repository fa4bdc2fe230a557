public import APIKeys
public import EntraID

extension GatewayError {
    /// A refusal's reason code: short, stable, low-cardinality. It is the `code` of the JSON error body, the
    /// `decision` of the audit record and a metric label. New codes are added as static constants here.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// True for a credential that is missing, refused or cannot be checked (a gateway key or an Entra
        /// token): counted by `bulwark_gateway_auth_failures_total`, whatever the status.
        public var isAuthenticationFailure: Bool { Self.authenticationFailures.contains(self) }

        /// The code for a refused gateway key.
        public init(_ rejection: APIKeyRejection.Code) {
            self.init(rawValue: rejection.rawValue)
        }

        /// The code for a refused Entra token.
        public init(_ rejection: TokenRejection.Code) {
            self.init(rawValue: rejection.rawValue)
        }

        private static let authenticationFailures: Set<Code> = Set(
            [keyMissing, keyStoreUnavailable, tokenNotAccepted]
                + [APIKeyRejection.Code.malformed, .unknown, .revoked, .expired, .retired].map(Code.init)
                + TokenRejection.Code.allCases.map(Code.init)
        )
    }
}

extension GatewayError.Code {
    // Authentication (401, or 503 when the gateway cannot check).
    /// No gateway key and no bearer token.
    public static let keyMissing = Self(rawValue: "key_missing")
    /// The key store cannot be read.
    public static let keyStoreUnavailable = Self(rawValue: "key_store_unavailable")
    /// An Entra token sent to a gateway that accepts none.
    public static let tokenNotAccepted = Self(rawValue: "token_not_accepted")

    // Authorisation (403).
    /// The identity is suspended by abuse monitoring.
    public static let identitySuspended = Self(rawValue: "identity_suspended")
    /// No token policy matches the token's roles or groups.
    public static let noPolicy = Self(rawValue: "no_policy")
    /// The deployment is not in any grant.
    public static let deploymentNotAllowed = Self(rawValue: "deployment_not_allowed")
    /// The deployment is granted, the operation is not.
    public static let operationNotAllowed = Self(rawValue: "operation_not_allowed")
    /// The caller's address is outside the grant's networks.
    public static let clientIPNotAllowed = Self(rawValue: "client_ip_not_allowed")
    /// The grant requires multi-factor authentication the token does not show.
    public static let mfaRequired = Self(rawValue: "mfa_required")
    /// No upstream for the deployment is in an allowed region.
    public static let regionNotAllowed = Self(rawValue: "region_not_allowed")

    // The request itself (400, 404, 413).
    /// The body is not a JSON object.
    public static let invalidJSON = Self(rawValue: "invalid_json")
    /// The deployment name has characters Azure does not allow.
    public static let invalidDeployment = Self(rawValue: "invalid_deployment")
    /// `?api-version=` is missing on a deployment route.
    public static let missingAPIVersion = Self(rawValue: "missing_api_version")
    /// A v1 body names no `model`.
    public static let missingModel = Self(rawValue: "missing_model")
    /// The body is larger than the configured limit.
    public static let bodyTooLarge = Self(rawValue: "body_too_large")
    /// No upstream serves the deployment (Azure's own code, so clients treat it as Azure's).
    public static let deploymentNotFound = Self(rawValue: "DeploymentNotFound")
    /// A prompt guard refused the prompt (Azure's content-filter shape).
    public static let contentFilter = Self(rawValue: "content_filter")
    /// No route answers the path and method: Azure OpenAI's own answer, code `404`, "Resource not found".
    public static let resourceNotFound = Self(rawValue: "404")

    // Upstreams (500, 502, 504).
    /// No credentials are configured or set for the upstream.
    public static let upstreamCredentialsMissing = Self(rawValue: "upstream_credentials_missing")
    /// The gateway could not get a token for the upstream.
    public static let upstreamCredentialsUnavailable = Self(rawValue: "upstream_credentials_unavailable")
    /// The upstream did not answer in time.
    public static let upstreamTimeout = Self(rawValue: "upstream_timeout")
    /// The upstream could not be reached.
    public static let upstreamUnavailable = Self(rawValue: "upstream_unavailable")
    /// The upstream's answer is too large for the completion guards to check.
    public static let upstreamAnswerTooLarge = Self(rawValue: "upstream_answer_too_large")

    // Limits
    /// A rate or a concurrency limit is exhausted for now (429, `Retry-After`).
    public static let rateLimitExceeded = Self(rawValue: "rate_limit_exceeded")
    /// A quota is used up until its calendar window ends (429, `x-should-retry: false`).
    public static let insufficientQuota = Self(rawValue: "insufficient_quota")
    /// The limits stored with a key cannot be read (503): refused rather than let through unlimited.
    public static let keyLimitsUnreadable = Self(rawValue: "key_limits_unreadable")
    /// The shared limit store cannot answer (or enforces other rules), and a matching rule says
    /// `onStoreError: closed` (503, `Retry-After`): refused rather than let through unchecked.
    public static let limitsUnavailable = Self(rawValue: "limits_unavailable")
    /// The request alone is larger than a limit allows in any window (400; never retryable).
    public static let requestTooLarge = Self(rawValue: "request_too_large")
    /// A spend limit applies and the deployment has no price to count spend with (403): refused, not counted as free.
    public static let priceNotConfigured = Self(rawValue: "price_not_configured")
    /// A token limit applies and the tokenizer's vocabulary cannot be loaded (503): refused, not let through uncounted.
    public static let tokenizerUnavailable = Self(rawValue: "tokenizer_unavailable")
}
