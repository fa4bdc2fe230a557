/// An instant read from RFC 3339 text, with the UTC offset it was written in (Go keeps it, and `timeadd` and
/// `formatdate` write times in it).
struct Timestamp: Sendable, Hashable {
    struct ParseError: Error {
        var message: String
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int64
    var nanosecond: Int
    /// The UTC offset in seconds.
    var offset: Int

    /// Strict RFC 3339: `2017-11-22T00:00:00Z`, `2017-11-22T01:00:00.5+01:00`.
    init(rfc3339 text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        var position = 0
        func fail(_ message: String) -> ParseError { ParseError(message: "not a valid RFC3339 timestamp: \(message)") }
        func digits(_ count: Int, _ what: String) throws(ParseError) -> Int {
            guard position + count <= bytes.count else { throw fail("end of string before \(what)") }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard (0x30...0x39).contains(byte) else {
                    throw fail(
                        "cannot use \(JSONText.quoted(String(decoding: bytes[position..<position + count], as: UTF8.self))) as \(what)")
                }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }
        func expect(_ character: Character) throws(ParseError) {
            guard position < bytes.count else { throw fail("end of string where \"\(character)\" is expected") }
            guard bytes[position] == character.asciiValue else {
                if character == "T" { throw fail("missing required time introducer 'T'") }
                throw fail(
                    "found \(JSONText.quoted(String(decoding: [bytes[position]], as: UTF8.self))) where \"\(character)\" is expected")
            }
            position += 1
        }
        let year = try digits(4, "year")
        try expect("-")
        let month = try digits(2, "month")
        try expect("-")
        let day = try digits(2, "day of month")
        try expect("T")
        let hour = try digits(2, "hour")
        try expect(":")
        let minute = try digits(2, "minute")
        try expect(":")
        let second = try digits(2, "second")
        var nanosecond = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var scale = 100_000_000
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
                nanosecond += Int(bytes[position] - 0x30) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { throw fail("cannot use \".\" as second") }
        }
        guard position < bytes.count else { throw fail("end of string before UTC offset") }
        var offset = 0
        if bytes[position] == UInt8(ascii: "Z") {
            position += 1
        } else if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            let offsetHours = try digits(2, "UTC offset")
            try expect(":")
            let offsetMinutes = try digits(2, "UTC offset")
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            throw fail("cannot use \(JSONText.quoted(String(decoding: bytes[position...], as: UTF8.self))) as UTC offset")
        }
        guard position == bytes.count else {
            throw ParseError(
                message: "not a valid RFC3339 timestamp: extra text \(JSONText.quoted(String(decoding: bytes[position...], as: UTF8.self)))"
            )
        }
        guard (1...12).contains(month) else { throw ParseError(message: "not a valid RFC3339 timestamp: month out of range") }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw ParseError(message: "not a valid RFC3339 timestamp: day out of range")
        }
        guard hour < 24 else { throw ParseError(message: "not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive") }
        guard minute < 60, second < 60 else { throw ParseError(message: "not a valid RFC3339 timestamp: minute or second out of range") }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        self.nanosecond = nanosecond
        self.offset = offset
    }

    /// The calendar fields in the timestamp's own offset.
    var localFields: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let local = seconds + Int64(offset)
        let (dayQuotient, dayRemainder) = local.quotientAndRemainder(dividingBy: 86_400)
        let days = dayRemainder < 0 ? dayQuotient - 1 : dayQuotient
        let secondOfDay = Int(dayRemainder < 0 ? dayRemainder + 86_400 : dayRemainder)
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Int(((days % 7) + 11) % 7)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, weekday)
    }

    /// `+05:30` or `+0530`.
    func offsetText(colon: Bool) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        let hours = magnitude / 3600
        let minutes = magnitude % 3600 / 60
        let two = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        return sign + two(hours) + (colon ? ":" : "") + two(minutes)
    }

    /// Go's `time.RFC3339` layout: no fractional seconds, `Z` for UTC.
    var rfc3339: String {
        let fields = localFields
        let two = { (value: Int) in value < 10 ? "0\(value)" : String(value) }
        let year = String(repeating: "0", count: max(0, 4 - String(fields.year).count)) + String(fields.year)
        return "\(year)-\(two(fields.month))-\(two(fields.day))T\(two(fields.hour)):\(two(fields.minute)):\(two(fields.second))"
            + (offset == 0 ? "Z" : offsetText(colon: true))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
