import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Date and time functions") struct DateFunctionTests {
    @Test("formatdate gives the documented results")
    func formatDate() throws {
        #expect(try call("formatdate", s("DD MMM YYYY hh:mm ZZZ"), s("2018-01-02T23:12:01Z")) == s("02 Jan 2018 23:12 UTC"))
        #expect(
            try call("formatdate", s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01Z")) == s("Tuesday, 02-Jan-18 23:12:01 UTC"))
        #expect(
            try call("formatdate", s("EEE, DD MMM YYYY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01-08:00"))
                == s("Tue, 02 Jan 2018 23:12:01 -0800"))
        #expect(try call("formatdate", s("MMM DD, YYYY"), s("2018-01-02T23:12:01Z")) == s("Jan 02, 2018"))
        #expect(try call("formatdate", s("HH:mmaa"), s("2018-01-02T23:12:01Z")) == s("11:12pm"))
        #expect(try call("formatdate", s("h'h'mm"), s("2018-01-02T23:12:01-08:00")) == s("23h12"))
        #expect(try call("formatdate", s("H 'o''clock'"), s("2018-01-02T23:12:01-08:00")) == s("11 o'clock"))
        #expect(try call("formatdate", s("YYYY-MM-DD'T'hh:mm:ssZ"), s("2024-02-29T05:06:07+05:30")) == s("2024-02-29T05:06:07+05:30"))
        #expect(try call("formatdate", s("M/D ZZZZZ"), s("1969-12-31T23:00:00Z")) == s("12/31 +00:00"))
    }

    @Test("formatdate refuses bad verbs and bad timestamps")
    func formatDateErrors() {
        #expect(failure("formatdate", s("YYY"), s("2018-01-02T23:12:01Z"))?.description.contains("year must either be") == true)
        #expect(failure("formatdate", s("'open"), s("2018-01-02T23:12:01Z"))?.description.contains("unterminated literal") == true)
        #expect(failure("formatdate", s("Q"), s("2018-01-02T23:12:01Z"))?.description.contains("invalid date format verb") == true)
        #expect(failure("formatdate", s("YYYY"), s("2018-01-02"))?.description.contains("not a valid RFC3339 timestamp") == true)
        #expect(failure("formatdate", s("YYYY"), s("2018-02-30T00:00:00Z"))?.description.contains("day out of range") == true)
    }

    @Test("timeadd keeps the offset and drops fractions; timecmp compares instants")
    func arithmetic() throws {
        #expect(try call("timeadd", s("2017-11-22T00:00:00Z"), s("10m")) == s("2017-11-22T00:10:00Z"))
        #expect(try call("timeadd", s("2017-11-22T00:00:00Z"), s("-1h30m")) == s("2017-11-21T22:30:00Z"))
        #expect(try call("timeadd", s("2017-12-31T23:59:59.5+01:00"), s("1.5s")) == s("2018-01-01T00:00:01+01:00"))
        #expect(try call("timeadd", s("2024-02-28T12:00:00Z"), s("24h")) == s("2024-02-29T12:00:00Z"))
        #expect(failure("timeadd", s("2017-11-22T00:00:00Z"), s("1d"))?.description.contains("unknown unit \"d\"") == true)
        #expect(failure("timeadd", s("2017-11-22T00:00:00Z"), s("10"))?.description.contains("missing unit") == true)
        #expect(try call("timecmp", s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:00Z")) == n(0))
        #expect(try call("timecmp", s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00Z")) == n(-1))
        #expect(try call("timecmp", s("2017-11-22T01:00:00Z"), s("2017-11-22T00:00:00Z")) == n(1))
        #expect(try call("timecmp", s("2017-11-22T01:00:00Z"), s("2017-11-22T00:00:00-01:00")) == n(0))
    }

    @Test("timestamp and plantimestamp are known only at apply")
    func applyTime() throws {
        #expect(try call("timestamp").isUnknown)
        #expect(try call("plantimestamp").isUnknown)
        #expect(failure("timestamp", n(1))?.isInvalidArguments == true)
    }
}
