public import Foundation

extension EntraTokenValidator {
    /// What a token must show to be accepted: its tenant, its audience, the issuer for its tenant under the
    /// authority, and a lifetime that holds give or take the clock skew.
    public struct Settings: Sendable, Hashable {
        /// Tenant ids (`tid`) whose tokens are accepted (compared case-insensitively).
        public var tenants: [String]
        /// Accepted `aud` values (the gateway's app id URI or client id).
        public var audiences: [String]
        /// The authority host, `https://login.microsoftonline.com` unless a sovereign cloud or a test server.
        public var authority: URL
        /// Leeway for `exp` and `nbf`.
        public var clockSkewSeconds: Int

        public init(tenants: [String], audiences: [String], authority: URL, clockSkewSeconds: Int) {
            self.tenants = tenants
            self.audiences = audiences
            self.authority = authority
            self.clockSkewSeconds = clockSkewSeconds
        }

        /// The issuers a token from `tenant` may carry: the v2.0 issuer under the authority, and for the public
        /// and China clouds the v1.0 (`sts`) issuer, which APIs whose manifest asks for v1 tokens receive.
        public func issuers(for tenant: String) -> [String] {
            var base = authority.absoluteString
            while base.hasSuffix("/") { base.removeLast() }
            var issuers = ["\(base)/\(tenant)/v2.0"]
            switch authority.host?.lowercased() {
            case "login.microsoftonline.com": issuers.append("https://sts.windows.net/\(tenant)/")
            case "login.chinacloudapi.cn", "login.partner.microsoftonline.cn": issuers.append("https://sts.chinacloudapi.cn/\(tenant)/")
            default: break
            }
            return issuers
        }
    }
}
