public import Foundation
public import SourceModel

/// An accepted risk written down: a rule's verdict set aside on some resources, with a reason and an end date.
/// Suppressions come from the reviewed project file (`.bulwark.yaml`) or inline, next to the resource they concern.
public struct Suppression: Sendable, Hashable {
    /// Where a suppression was written.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// The project file's `suppressions:` list.
        case projectFile = "project-file"
        /// In the input: an ARM resource's `metadata.bulwark.suppress`, a Bicep `// bulwark:suppress` comment, a
        /// Terraform `# bulwark:suppress` comment.
        case inline
    }

    /// The rule id it sets aside (`BW-AI-001`).
    public var rule: String
    /// A glob on the resource id, name or Terraform address; nil for an inline suppression, which names its
    /// resource by where it is written.
    public var resource: String?
    /// Why the risk is accepted. Required: a suppression without one is a configuration error.
    public var reason: String
    /// The day the suppression stops applying, or nil when it has no end.
    public var expires: CalendarDay?
    public var origin: Origin
    /// Where it is written, for messages and reports.
    public var location: SourceLocation

    public init(rule: String, resource: String? = nil, reason: String, expires: CalendarDay?, origin: Origin, location: SourceLocation) {
        self.rule = rule
        self.resource = resource
        self.reason = reason
        self.expires = expires
        self.origin = origin
        self.location = location
    }

    /// Whether it has ended on `day`: a suppression applies before its `expires` day, and not from that day on.
    public func hasExpired(on day: CalendarDay) -> Bool {
        guard let expires else { return false }
        return day >= expires
    }
}

/// A suppression as it bears on one finding.
public struct AppliedSuppression: Sendable, Hashable {
    public var suppression: Suppression
    /// True when the suppression matched but had ended: the finding keeps its own verdict.
    public var expired: Bool

    public init(_ suppression: Suppression, expired: Bool) {
        self.suppression = suppression
        self.expired = expired
    }
}

/// A calendar date without a time or zone, as written in `YYYY-MM-DD`. Expiry compares days in UTC.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly `YYYY-MM-DD` of a real date; nil for anything else (`2027-02-30`, `2027-1-5`, `tomorrow`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The UTC day `date` falls on.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date as YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
