/// `uri(baseUri, relativeUri)`: RFC 3986 §5 reference resolution, rendered as .NET's `Uri.AbsoluteUri` renders
/// it (lower-case scheme and host, no default port, `/` for an empty path). Only plain http and https URIs are
/// resolved; anything .NET would escape, unescape or canonicalise in ways not modelled here is `.unsupported`.
enum URIResolution {
    enum Outcome: Equatable {
        case resolved(String)
        case invalidBase
        case unsupported(String)
    }

    struct Parts {
        var scheme: String
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?
    }

    /// Characters that .NET leaves exactly as written in an http URI.
    private static let plain = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=".unicodeScalars)

    static func resolve(base: String, relative: String) -> Outcome {
        guard let parsedBase = parse(base), let scheme = parsedBase.scheme.nonEmpty else { return .invalidBase }
        let lowerScheme = scheme.lowercased()
        guard lowerScheme == "http" || lowerScheme == "https", parsedBase.authority != nil else {
            return .unsupported("only http and https base URIs with a host are resolved")
        }
        for text in [base, relative] where !text.unicodeScalars.allSatisfy(plain.contains) {
            return .unsupported("the URI holds characters .NET escapes or unescapes ('%', spaces, non-ASCII, ...)")
        }
        guard var reference = parse(relative) else { return .unsupported("the relative URI has an unusual form") }
        if !reference.scheme.isEmpty {
            guard ["http", "https"].contains(reference.scheme.lowercased()), reference.authority != nil else {
                return .unsupported("the relative URI has a scheme other than http or https")
            }
        }
        var target = Parts(scheme: lowerScheme, authority: nil, path: "", query: nil, fragment: reference.fragment)
        if !reference.scheme.isEmpty {
            target = reference
            target.path = removeDotSegments(reference.path)
        } else if reference.authority != nil {
            target.authority = reference.authority
            target.path = removeDotSegments(reference.path)
            target.query = reference.query
        } else {
            target.authority = parsedBase.authority
            if reference.path.isEmpty {
                target.path = removeDotSegments(parsedBase.path)
                target.query = reference.query ?? parsedBase.query
            } else {
                if !reference.path.hasPrefix("/") {
                    reference.path = merge(base: parsedBase.path, relative: reference.path)
                }
                target.path = removeDotSegments(reference.path)
                target.query = reference.query
            }
        }
        return render(target)
    }

    /// Splits `scheme:` `//authority` path `?query` `#fragment`; the scheme is empty for a relative reference.
    static func parse(_ text: String) -> Parts? {
        var rest = Substring(text)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        var scheme = ""
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let candidate = rest[..<colon]
            guard let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
            else { return nil }
            scheme = String(candidate)
            rest = rest[rest.index(after: colon)...]
        }
        var authority: String?
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        return Parts(scheme: scheme, authority: authority, path: String(rest), query: query, fragment: fragment)
    }

    /// RFC 3986 §5.2.3: the base path up to its last `/`, then the reference.
    private static func merge(base: String, relative: String) -> String {
        guard let slash = base.lastIndex(of: "/") else { return "/" + relative }
        return String(base[...slash]) + relative
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let start = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[start...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }

    private static func render(_ parts: Parts) -> Outcome {
        guard let authority = parts.authority else { return .unsupported("the URI has no host") }
        if authority.contains("@") { return .unsupported("URIs with user information are not resolved") }
        var host = Substring(authority)
        var port: Substring?
        if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else {
            return .unsupported("the host is not a plain DNS name")
        }
        var renderedAuthority = host.lowercased()
        if let port {
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), !port.hasPrefix("0") else {
                return .unsupported("the port is not a plain number")
            }
            let isDefault = (parts.scheme == "http" && port == "80") || (parts.scheme == "https" && port == "443")
            if !isDefault { renderedAuthority += ":" + port }
        }
        var text = parts.scheme.lowercased() + "://" + renderedAuthority + (parts.path.isEmpty ? "/" : parts.path)
        if let query = parts.query { text += "?" + query }
        if let fragment = parts.fragment { text += "#" + fragment }
        return .resolved(text)
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
