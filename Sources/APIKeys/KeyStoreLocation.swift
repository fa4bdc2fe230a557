import Foundation

/// Where keys are kept, as `keys.store` and `--store` write it: `sqlite:PATH` (or a plain path), or
/// `postgres://USER@HOST:PORT/DB` (also `postgresql://`) with optional `?sslmode=disable|require|verify-full` and
/// `sslrootcert=PATH`. A password is never part of it: it comes from an environment variable (`PGPASSWORD`, or the
/// one `keys.passwordEnv` / `--password-env` names), so the location can be logged and printed.
public enum KeyStoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// - Throws: ``KeyStoreError`` (`invalid_location`) naming what is wrong; the message never repeats the text,
    ///   which could hold a password.
    public init(_ text: String) throws(KeyStoreError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(text))
            return
        }
        if text.contains("://") || Self.hasUnknownScheme(text) {
            throw KeyStoreError(.invalidLocation, "expected a key store such as sqlite:keys.db or postgres://USER@HOST:5432/DB")
        }
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        guard !path.isEmpty else { throw KeyStoreError(.invalidLocation, "expected a key store such as sqlite:keys.db") }
        self = .sqlite(path: path)
    }

    /// True for text that starts like a location of another kind (`postgress:/db`, `redis:keys`): a scheme's letters
    /// and a colon. A plain path is still read as SQLite, as documented, but a mistyped scheme must not become a file.
    private static func hasUnknownScheme(_ text: String) -> Bool {
        guard !text.hasPrefix("sqlite:"), let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL server and database, without a password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected. Certificates are always verified when TLS is on.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP: the default for a loopback host only.
        case disable
        /// TLS, the server's certificate chain verified against the trusted roots; its name is not checked.
        case require
        /// TLS, the chain verified and the certificate issued for the host: the default for any other host, which
        /// must then be a name (an IP address cannot be checked against the certificate, so it is refused).
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// A PEM file of trusted roots (`sslrootcert`); the system's when nil.
    public var rootCertificatePath: String?

    public init(host: String, port: Int = 5432, user: String, database: String, tls: TLSMode? = nil, rootCertificatePath: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.tls = tls ?? (Self.isLoopback(host) ? .disable : .verifyFull)
        self.rootCertificatePath = rootCertificatePath
    }

    init(_ text: String) throws(KeyStoreError) {
        let example = "postgres://USER@HOST:5432/DB"
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw KeyStoreError(.invalidLocation, "expected a PostgreSQL location such as \(example)")
        }
        if components.password != nil {
            throw KeyStoreError(
                .invalidLocation, "the PostgreSQL location holds a password: set PGPASSWORD (or keys.passwordEnv / --password-env) instead")
        }
        guard let user = components.user, !user.isEmpty else {
            throw KeyStoreError(.invalidLocation, "the PostgreSQL location names no user; expected \(example)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        var tls: TLSMode?
        var rootCertificatePath: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw KeyStoreError(.invalidLocation, "sslmode must be disable, require or verify-full")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw KeyStoreError(.invalidLocation, "sslrootcert needs a file") }
                rootCertificatePath = path
            default:
                throw KeyStoreError(.invalidLocation, "unknown PostgreSQL parameter '\(item.name)'; expected sslmode or sslrootcert")
            }
        }
        guard (1...65535).contains(components.port ?? 5432) else { throw KeyStoreError(.invalidLocation, "the port must be 1 to 65535") }
        if Self.isAddress(host), tls ?? (Self.isLoopback(host) ? .disable : .verifyFull) == .verifyFull {
            throw KeyStoreError(
                .invalidLocation,
                "sslmode=verify-full needs a host name: the certificate's name cannot be checked against an IP address; name the host, or write sslmode=require to verify only its chain"
            )
        }
        self.init(
            host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
            database: database.isEmpty ? user : (database.removingPercentEncoding ?? database), tls: tls,
            rootCertificatePath: rootCertificatePath)
    }

    /// `postgres://USER@HOST:PORT/DB?sslmode=…`: never a password, since the location holds none.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// True for an IPv4 or IPv6 address rather than a host name.
    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || (host.split(separator: ".").count == 4 && host.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber })
    }

    /// `localhost`, `::1` or an IPv4 address in 127.0.0.0/8; `127.db.example.com` is a name, not loopback.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || (host.hasPrefix("127.") && !host.contains(":") && isAddress(host))
    }
}
