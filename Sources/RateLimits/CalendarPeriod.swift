public import Foundation
import Synchronization

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

    /// The last window computed for each period: every quota charge asks for the window of about now, and
    /// `Calendar.dateInterval(of:for:)` costs microseconds each time.
    private static let recent = Mutex<[CalendarPeriod: Range<Date>]>([:])

    /// The window that contains `date`: from its start (inclusive) to the next window's start (exclusive).
    public func window(containing date: Date) -> Range<Date> {
        if let window = Self.recent.withLock({ $0[self] }), window.contains(date) { return window }
        let window = computedWindow(containing: date)
        Self.recent.withLock { $0[self] = window }
        return window
    }

    private func computedWindow(containing date: Date) -> Range<Date> {
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
