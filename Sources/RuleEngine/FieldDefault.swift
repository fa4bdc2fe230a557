public import PostureModel

/// The value a service gives a property that a template leaves out, from an API version on. A rule reads it
/// instead of "absent": storage accounts created with API version 2023-01-01 or later deny anonymous blob access
/// when `allowBlobPublicAccess` is not set, so an account without it passes, while an older one still fails.
public struct FieldDefault: Sendable, Hashable {
    /// The property, without `[*]`.
    public var path: FieldPath
    public var value: Value
    /// The first API version (`2023-01-01`) whose default this is; nil for every API version.
    public var sinceAPIVersion: String?
    /// Where the service documents the default.
    public var source: String

    public init(path: FieldPath, value: Value, sinceAPIVersion: String?, source: String) {
        self.path = path
        self.value = value
        self.sinceAPIVersion = sinceAPIVersion
        self.source = source
    }

    /// True when a resource declared with `apiVersion` gets this default. A versioned default needs a known API
    /// version: a resource without one (a Terraform plan, a live resource) keeps the property absent.
    func applies(to apiVersion: String?) -> Bool {
        guard let since = sinceAPIVersion else { return true }
        guard let apiVersion, let date = Self.date(of: apiVersion), let first = Self.date(of: since) else { return false }
        return date >= first
    }

    /// The date an API version names (`2023-05-01-preview` → `2023-05-01`), or nil when it names none.
    static func date(of apiVersion: String) -> String? {
        let scalars = Array(apiVersion.unicodeScalars.prefix(10))
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-" else { return nil }
        for (index, scalar) in scalars.enumerated() where index != 4 && index != 7 {
            guard ("0"..."9").contains(scalar) else { return nil }
        }
        let rest = apiVersion.unicodeScalars.dropFirst(10)
        guard rest.isEmpty || rest.first == "-" else { return nil }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Describes the default for messages: `false from API version 2023-01-01`.
    var description: String {
        value.displayText + (sinceAPIVersion.map { " from API version \($0)" } ?? "")
    }
}

extension [FieldDefault] {
    /// The default of `path` for a resource declared with `apiVersion`: of the entries that apply, the one that
    /// starts latest.
    func value(of path: FieldPath, apiVersion: String?) -> FieldDefault? {
        filter { $0.path.sameProperty(as: path) && $0.applies(to: apiVersion) }
            .max { ($0.sinceAPIVersion ?? "") < ($1.sinceAPIVersion ?? "") }
    }
}

extension FieldPath {
    /// The same property: the same member names, compared case-insensitively as ARM does.
    func sameProperty(as other: FieldPath) -> Bool {
        segments.count == other.segments.count
            && zip(segments, other.segments).allSatisfy { pair in
                switch pair {
                case (.member(let a), .member(let b)): a.caseInsensitiveEquals(b)
                case (.everyElement, .everyElement): true
                default: false
                }
            }
    }
}
