@testable import ARMTemplates
import Testing

/// Expected values come from the examples on Microsoft Learn's "Date functions for ARM templates" page unless a
/// test says otherwise.
@Suite("ARM date functions")
struct DateFunctionTests {
    static func text(_ expression: String) throws -> String {
        let json = try ExpressionTesting.json(expression)
        return String(json.dropFirst().dropLast())
    }

    /// The page deploys with a base of `utcNow('u')` = 2020-04-07 14:53:14Z and shows the outputs as PowerShell
    /// prints date-like strings (4/7/2023 2:53:14 PM); the function itself keeps the base value's layout.
    @Test(
        "dateTimeAdd() adds years, negative days and hours, keeping the base value's layout",
        arguments: [
            ("P3Y", "2023-04-07 14:53:14Z"), ("-P9D", "2020-03-29 14:53:14Z"), ("PT1H", "2020-04-07 15:53:14Z"),
        ])
    func documented(duration: String, expected: String) throws {
        #expect(try Self.text("[dateTimeAdd('2020-04-07 14:53:14Z', '\(duration)')]") == expected)
    }

    @Test(
        "dateTimeAdd() follows the calendar for years and months and counts fixed units exactly",
        arguments: [
            ("2020-02-29T00:00:00Z", "P1Y", "2021-02-28T00:00:00Z"), ("2020-01-31T08:00:00Z", "P1M", "2020-02-29T08:00:00Z"),
            ("2020-01-31T08:00:00Z", "P1M1D", "2020-03-01T08:00:00Z"), ("2020-12-15T00:00:00Z", "P1Y2M3W4DT5H6M7S", "2022-03-12T05:06:07Z"),
            ("2020-01-01T00:00:30Z", "-PT1M", "2019-12-31T23:59:30Z"), ("2020-03-31T00:00:00Z", "-P1M", "2020-02-29T00:00:00Z"),
            ("2020-01-01T23:30:00+02:00", "PT1H", "2020-01-02T00:30:00+02:00"),
            ("2020-01-01T12:00:00-0530", "PT30M", "2020-01-01T12:30:00-0530"),
            ("2020-01-01", "P1D", "2020-01-02"), ("2020-01-01T10:15", "PT50M", "2020-01-01T11:05"),
            ("2020-01-01T00:00:00.123Z", "PT0.0005S", "2020-01-01T00:00:00.123Z"),
            ("2020-01-01T00:00:00.1234567Z", "PT1.1S", "2020-01-01T00:00:01.2234567Z"),
            ("2020-01-01t00:00:00z", "P0D", "2020-01-01t00:00:00Z"), ("2024-06-30T00:00:00", "P10000D", "2051-11-16T00:00:00"),
        ])
    func arithmetic(base: String, duration: String, expected: String) throws {
        #expect(try Self.text("[dateTimeAdd('\(base)', '\(duration)')]") == expected)
    }

    @Test(
        "dateTimeAdd() formats with .NET standard and custom format strings in the invariant culture",
        arguments: [
            ("d", "04/07/2020"), ("D", "Tuesday, 07 April 2020"), ("o", "2020-04-07T15:53:14.0000000Z"), ("u", "2020-04-07 15:53:14Z"),
            ("s", "2020-04-07T15:53:14"), ("r", "Tue, 07 Apr 2020 15:53:14 GMT"), ("t", "15:53"), ("G", "04/07/2020 15:53:14"),
            ("M d", "4 7"), ("yyyyMMdd_hhmmss", "20200407_035314"), ("yyyy-MM-ddTHH:mm:ss", "2020-04-07T15:53:14"),
            ("MMM dd, yyyy h:mm tt", "Apr 07, 2020 3:53 PM"), ("dddd ''at'' H\\h", "Tuesday at 15h"), ("%d", "7"), ("yy-M-d K", "20-4-7 Z"),
            ("HH:mm:ss.FFF", "15:53:14"), ("zzz", "+00:00"),
        ])
    func formats(format: String, expected: String) throws {
        #expect(try Self.text("[dateTimeAdd('2020-04-07T14:53:14Z', 'PT1H', '\(format)')]") == expected)
    }

    @Test("formats with an offset: K and zzz show it, and the universal standard formats convert to UTC")
    func offsetFormats() throws {
        #expect(try Self.text("[dateTimeAdd('2020-01-01T23:30:00+02:00', 'PT0S', 'o')]") == "2020-01-01T23:30:00.0000000+02:00")
        #expect(try Self.text("[dateTimeAdd('2020-01-01T23:30:00+02:00', 'PT0S', 'u')]") == "2020-01-01 21:30:00Z")
        #expect(try Self.text("[dateTimeAdd('2020-01-01T23:30:00-02:30', 'PT0S', 'zzz|zz|z')]") == "-02:30|-02|-2")
        #expect(try Self.text("[dateTimeAdd('2020-01-01T00:00:00.5Z', 'PT0S', 'ss.ff|ss.FF')]") == "00.50|00.5")
    }

    @Test(
        "dateTimeAdd() rejects what is not an ISO 8601 date and time",
        arguments: [
            "yesterday", "2021-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01T00:00:00+15:00",
            "20200407T145314Z", "2020-1-1", "2020-01-01T00:00:00.12345678Z", "2020-01-01T00:00:00Z trailing", "0000-01-01",
        ])
    func invalidBase(base: String) throws {
        #expect(
            try ExpressionTesting.error("[dateTimeAdd('\(base)', 'P1D')]")?
                .hasPrefix("dateTimeAdd() expects an ISO 8601 date and time such as '2024-01-31T12:00:00Z', got '\(base)'") == true)
    }

    @Test(
        "dateTimeAdd() rejects what is not an ISO 8601 duration",
        arguments: [
            "P", "PT", "1D", "P1H", "PT1D", "P1.5D", "P1D2Y", "P1DT", "+P1D", "P-1D", "p1d", "PT1M1H", "",
        ])
    func invalidDuration(duration: String) throws {
        #expect(
            try ExpressionTesting.error("[dateTimeAdd('2020-01-01T00:00:00Z', '\(duration)')]")?
                .hasPrefix("dateTimeAdd() expects an ISO 8601 duration such as 'P1D', 'PT1H' or '-P1Y2M', got '\(duration)'") == true)
    }

    @Test(
        "dateTimeAdd() reports results outside years 1 to 9999, huge durations and bad formats",
        arguments: [
            ("[dateTimeAdd('9999-12-31T00:00:00Z', 'P1D')]", "dateTimeAdd() result is outside the years 1 to 9999"),
            ("[dateTimeAdd('0001-01-01', '-PT1S')]", "dateTimeAdd() result is outside the years 1 to 9999"),
            ("[dateTimeAdd('2020-01-01', 'P9000Y')]", "dateTimeAdd() result is outside the years 1 to 9999"),
            ("[dateTimeAdd('2020-01-01', 'P99999999999999999D')]", "dateTimeAdd() duration 'P99999999999999999D' is too long"),
            ("[dateTimeAdd('2020-01-01', 'P1D', 'q')]", "dateTimeAdd() format 'q' is not a .NET standard date and time format"),
            ("[dateTimeAdd('2020-01-01', 'P1D', 'ffffffff')]", "dateTimeAdd() format 'ffffffff' is not a valid .NET date and time format"),
            ("[dateTimeAdd('2020-01-01', 'P1D', 'yyyy ''MM')]", "dateTimeAdd() format 'yyyy 'MM' is not a valid"),
            ("[dateTimeAdd('2020-01-01')]", "dateTimeAdd() takes 2 to 3 arguments, got 1"),
            ("[dateTimeAdd('2020-01-01', 1)]", "dateTimeAdd() expects a string as argument 2, got int"),
        ])
    func errors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "dateTimeFromEpoch() writes yyyy-MM-ddTHH:mm:ssZ",
        arguments: [
            (1_683_040_573, "2023-05-02T15:16:13Z"), (0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        ])
    func fromEpoch(seconds: Int64, expected: String) throws {
        #expect(try Self.text("[dateTimeFromEpoch(\(seconds))]") == expected)
    }

    @Test(
        "dateTimeFromEpoch() rejects times outside years 1 to 9999 and non-integers",
        arguments: [
            ("[dateTimeFromEpoch(253402300800)]", "dateTimeFromEpoch() epoch time 253402300800 is outside the years 1 to 9999"),
            ("[dateTimeFromEpoch(-62135596801)]", "dateTimeFromEpoch() epoch time -62135596801 is outside"),
            ("[dateTimeFromEpoch('0')]", "dateTimeFromEpoch() expects an integer as argument 1, got string"),
        ])
    func fromEpochErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "dateTimeToEpoch() counts whole seconds since 1970 in UTC",
        arguments: [
            ("2023-05-02T15:16:13Z", "1683040573"), ("2023-05-02T17:16:13+02:00", "1683040573"), ("1970-01-01T00:00:00.9Z", "0"),
            ("1969-12-31T23:59:59.5Z", "-1"), ("1970-01-02", "86400"), ("0001-01-01T00:00:00Z", "-62135596800"),
        ])
    func toEpoch(dateTime: String, expected: String) throws {
        #expect(try ExpressionTesting.json("[dateTimeToEpoch('\(dateTime)')]") == expected)
    }

    @Test("dateTimeToEpoch() and dateTimeFromEpoch() round-trip, and bad input is reported")
    func roundTrip() throws {
        #expect(try ExpressionTesting.json("[dateTimeToEpoch(dateTimeFromEpoch(1683040573))]") == "1683040573")
        #expect(
            try ExpressionTesting.error("[dateTimeToEpoch('May 2, 2023')]")?.hasPrefix(
                "dateTimeToEpoch() expects an ISO 8601 date and time") == true)
        #expect(
            try ExpressionTesting.error("[dateTimeToEpoch(1)]")?.hasPrefix("dateTimeToEpoch() expects a string as argument 1, got int")
                == true)
    }
}
