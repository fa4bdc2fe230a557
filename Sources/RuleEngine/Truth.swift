/// Three-valued logic (Kleene): a condition over a value that the input does not know is `unknown`.
public enum Truth: Sendable, Hashable {
    case `true`
    case `false`
    case unknown

    init(_ flag: Bool) { self = flag ? .true : .false }

    public static prefix func ! (truth: Truth) -> Truth {
        switch truth {
        case .true: .false
        case .false: .true
        case .unknown: .unknown
        }
    }

    /// `false` wins over `unknown`, which wins over `true`.
    static func all(_ values: some Sequence<Truth>) -> Truth {
        var sawUnknown = false
        for value in values {
            if value == .false { return .false }
            if value == .unknown { sawUnknown = true }
        }
        return sawUnknown ? .unknown : .true
    }

    /// `true` wins over `unknown`, which wins over `false`.
    static func any(_ values: some Sequence<Truth>) -> Truth {
        var sawUnknown = false
        for value in values {
            if value == .true { return .true }
            if value == .unknown { sawUnknown = true }
        }
        return sawUnknown ? .unknown : .false
    }
}
