public import Foundation

/// A calendar window in UTC: quotas reset at the start of each hour, day, ISO week (Monday) or month.
public enum CalendarPeriod: String, Sendable, Hashable, CaseIterable {
    case hour
    case day
    case week
    case month

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The window that contains `date`: from its start (inclusive) to the next window's start (exclusive).
    public func window(containing date: Date) -> Range<Date> {
        let component: Calendar.Component =
            switch self {
            case .hour: .hour
            case .day: .day
            case .week: .weekOfYear
            case .month: .month
            }
        guard let interval = Self.calendar.dateInterval(of: component, for: date) else {
            // Unreachable for these components in the Gregorian calendar; a one-second window keeps it safe.
            return date..<date.addingTimeInterval(1)
        }
        return interval.start..<interval.end
    }
}
