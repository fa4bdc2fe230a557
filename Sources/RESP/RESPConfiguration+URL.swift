import NIOSSL

extension RESPConfiguration {
    /// Reads `redis://[user[:password]@]host[:port][/db]` or `rediss://...` (TLS, certificates verified).
    ///
    /// Passwords belong in the environment: pass one as `password`, which wins over one in the URL. A URL's
    /// password is percent-decoded and used, but never printed; errors never repeat the URL.
    /// - Parameters:
    ///   - url: the server's URL.
    ///   - password: the password, usually read by the caller from an environment variable.
    /// - Throws: ``RESPError/invalidURL`` when the URL cannot be read.
    public init(url: String, password: String? = nil) throws(RESPError) {
        var rest: Substring
        let useTLS: Bool
        if url.hasPrefix("redis://") {
            rest = url.dropFirst("redis://".count)
            useTLS = false
        } else if url.hasPrefix("rediss://") {
            rest = url.dropFirst("rediss://".count)
            useTLS = true
        } else {
            throw .invalidURL("the scheme must be redis:// or rediss://")
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else { throw .invalidURL("the database must be a number") }
                database = number
            }
        }
        var username: String?
        var urlPassword: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                username = try Self.percentDecoded(userInfo[..<colon])
                urlPassword = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else {
                username = try Self.percentDecoded(userInfo)
            }
            if username?.isEmpty == true { username = nil }
        }
        var host: Substring
        var port = 6379
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .invalidURL("an IPv6 address without its ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            host = rest[..<(rest.firstIndex(of: ":") ?? rest.endIndex)]
            rest = rest[host.endIndex...]
        }
        if rest.hasPrefix(":") {
            guard let number = Int(rest.dropFirst()), (1...65535).contains(number) else {
                throw .invalidURL("the port must be a number from 1 to 65535")
            }
            port = number
        } else if !rest.isEmpty {
            throw .invalidURL("unexpected text after the host")
        }
        guard !host.isEmpty else { throw .invalidURL("the host is missing") }
        self.init(
            host: String(host), port: port, username: username, password: password ?? urlPassword, database: database,
            tls: useTLS ? .makeClientConfiguration() : nil)
    }

    private static func percentDecoded(_ text: Substring) throws(RESPError) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidURL("a malformed percent escape in the user information")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
