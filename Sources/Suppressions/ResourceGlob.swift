/// A project-file suppression's `resource` pattern: `*` stands for any run of characters (`/` included), `?` for
/// exactly one, everything else for itself, compared without regard to case. It matches a resource when it matches
/// the resource's id, its name or its Terraform address, each whole.
public struct ResourceGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let scalars: [Unicode.Scalar]

    public init(_ pattern: String) {
        self.pattern = pattern
        scalars = Array(pattern.lowercased().unicodeScalars)
    }

    public var description: String { pattern }

    /// Whether the whole of `text` matches, ignoring case.
    public func matches(_ text: String) -> Bool {
        let subject = Array(text.lowercased().unicodeScalars)
        // Iterative wildcard matching with one backtrack point: linear in practice, never recursive.
        var (p, s) = (0, 0)
        var star: Int?
        var resume = 0
        while s < subject.count {
            if p < scalars.count, scalars[p] == "?" || scalars[p] == subject[s] {
                p += 1
                s += 1
            } else if p < scalars.count, scalars[p] == "*" {
                star = p
                resume = s
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                s = resume
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }

    /// Whether it matches any of the names a resource is known by.
    public func matches(id: String, name: String, address: String?) -> Bool {
        matches(id) || matches(name) || address.map(matches) == true
    }
}
