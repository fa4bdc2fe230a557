import Foundation

/// Why a limit written as text was refused. A malformed limit is never read as "unlimited".
public struct LimitSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, for a person: "expected a whole number of requests before '/', found 'abc'".
    public var message: String

    public var description: String { message }
}

/// Limits as `bulwark keys create --limit` takes them: `requests=50/60s`, `tokens=10000/60s`,
/// `tokens=5000000/month`, `usd=200/month`, `concurrent=4`.
///
/// A rolling period is a whole number of `s`, `m`, `h` or `d` (`60s`, `5m`); a calendar period is `hour`, `day`,
/// `week` or `month` (UTC). Spend (`usd`, in dollars with up to six decimals) has calendar periods only: a budget
/// resets on the calendar, never on a rolling clock.
public enum LimitSpec {
    /// The longest rolling period: longer allowances are quotas over a calendar period.
    public static let maximumRollingPeriod: Duration = .seconds(31 * 86_400)

    /// Reads one limit. The rule is named `name` and scoped to `scope`.
    /// - Throws: ``LimitSpecError`` naming what was expected.
    public static func parse(_ text: String, name: String, scope: LimitRule.Scope) throws(LimitSpecError) -> LimitRule {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let equals = trimmed.firstIndex(of: "=") else {
            throw LimitSpecError(message: "expected MEASURE=AMOUNT/PERIOD such as requests=50/60s, found '\(text)'")
        }
        let word = String(trimmed[..<equals]).lowercased()
        let rest = String(trimmed[trimmed.index(after: equals)...])
        if word == "concurrent" {
            guard let count = Int64(rest), count > 0 else {
                throw LimitSpecError(message: "expected a whole number of requests in flight after 'concurrent=', found '\(rest)'")
            }
            return LimitRule(name: name, scope: scope, kind: .concurrent(limit: count))
        }
        guard let measure = LimitRule.Measure(rawValue: word) else {
            throw LimitSpecError(message: "unknown measure '\(word)'; expected requests, tokens, usd or concurrent")
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw LimitSpecError(message: "expected AMOUNT/PERIOD after '\(word)=', such as 50/60s or 5000000/month, found '\(rest)'")
        }
        let amountText = String(rest[..<slash]), periodText = String(rest[rest.index(after: slash)...]).lowercased()
        let amount = try Self.amount(amountText, measure: measure)
        if let period = CalendarPeriod(rawValue: periodText) {
            return LimitRule(name: name, scope: scope, kind: .quota(measure, limit: amount, period: period))
        }
        guard measure != .microUSD else {
            throw LimitSpecError(
                message: "a budget resets on the calendar: expected usd=AMOUNT/hour, /day, /week or /month, found '/\(periodText)'")
        }
        let period = try Self.rollingPeriod(periodText)
        return LimitRule(name: name, scope: scope, kind: .rate(measure, limit: amount, per: period))
    }

    /// A rolling period: `60s`, `5m`, `1h`, `1d`, from one second to 31 days.
    public static func rollingPeriod(_ text: String) throws(LimitSpecError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = text.last, let seconds = units[unit], let count = Int64(text.dropLast()), count > 0 else {
            throw LimitSpecError(
                message: "expected a period such as 60s, 5m, 1h or 1d, or one of hour, day, week, month; found '\(text)'")
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: seconds)
        guard !overflow, Duration.seconds(total) <= maximumRollingPeriod else {
            throw LimitSpecError(message: "a rolling period is at most 31d; use a calendar period (month) for '\(text)'")
        }
        return .seconds(total)
    }

    private static func amount(_ text: String, measure: LimitRule.Measure) throws(LimitSpecError) -> Int64 {
        if measure == .microUSD {
            guard let microUSD = Self.microUSD(text), microUSD > 0 else {
                throw LimitSpecError(message: "expected an amount of US dollars such as 200 or 12.50, found '\(text)'")
            }
            return microUSD
        }
        guard let count = Int64(text), count > 0 else {
            throw LimitSpecError(message: "expected a whole number of \(measure.rawValue) greater than 0 before '/', found '\(text)'")
        }
        return count
    }

    /// Dollars with up to six decimals, as millionths; nil for anything else.
    public static func microUSD(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, !parts[0].hasPrefix("+") else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else {
                return nil
            }
            // "12.5" is 12,500,000: the digits scaled up to six places.
            fraction = value * [1, 10, 100, 1_000, 10_000, 100_000][6 - digits.count]
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return nil }
        return scaled + fraction
    }
}
