import PostureModel

/// Date functions of ARM templates: `dateTimeAdd`, `dateTimeFromEpoch`, `dateTimeToEpoch`. (`utcNow` depends on
/// the deployment and stays unknown.) Times are proleptic Gregorian in years 1 to 9999, as .NET's `DateTime`.
enum DateFunctions {
    static let all: [String: PureFunction] = [
        "datetimeadd": { arguments throws(FunctionError) in
            try arguments.expect(2, 3)
            let base = try Stamp(parsing: try arguments.string(0), in: arguments.function)
            let duration = try ISODuration(parsing: try arguments.string(1), in: arguments.function)
            let result = try base.adding(duration, in: arguments.function)
            guard arguments.count == 3 else { return .string(result.text) }
            return .string(try Format.render(result, format: try arguments.string(2), in: arguments.function))
        },
        "datetimefromepoch": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let seconds = try arguments.integer(0)
            guard seconds >= Stamp.firstSecond, seconds <= Stamp.lastSecond else {
                throw FunctionError("dateTimeFromEpoch() epoch time \(seconds) is outside the years 1 to 9999")
            }
            let stamp = Stamp(
                ticks: seconds * Stamp.ticksPerSecond, zone: .utc, shape: .init(separator: "T", seconds: true, fraction: 0, zone: .z))
            return .string(stamp.text)
        },
        "datetimetoepoch": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let stamp = try Stamp(parsing: try arguments.string(0), in: arguments.function)
            let utc = stamp.ticks - Int64(stamp.zone.minutes) * 60 * Stamp.ticksPerSecond
            return Value(.integer(utc >= 0 ? utc / Stamp.ticksPerSecond : (utc - Stamp.ticksPerSecond + 1) / Stamp.ticksPerSecond))
        },
    ]
}

extension DateFunctions {
    /// A local date and time in 100-nanosecond ticks since 1970-01-01T00:00 on its own clock, its zone, and the ISO
    /// 8601 layout it was written in, which `dateTimeAdd` keeps when no format is given.
    struct Stamp {
        enum Zone: Equatable {
            case unspecified, utc
            case offset(Int)
            var minutes: Int { if case .offset(let minutes) = self { minutes } else { 0 } }
        }

        struct Shape {
            enum ZoneStyle { case none, z, colon, compact }
            var separator: Character?
            var seconds: Bool
            var fraction: Int
            var zone: ZoneStyle
        }

        static let ticksPerSecond: Int64 = 10_000_000
        static let ticksPerDay = 86_400 * ticksPerSecond
        static let firstSecond: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
        static let lastSecond: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

        var ticks: Int64
        var zone: Zone
        var shape: Shape

        init(ticks: Int64, zone: Zone, shape: Shape) {
            (self.ticks, self.zone, self.shape) = (ticks, zone, shape)
        }

        /// `yyyy-MM-dd`, optionally followed by `T` (or a space) and `HH:mm[:ss[.fffffff]]` and `Z` or `±hh[:]mm`.
        init(parsing text: String, in function: String) throws(FunctionError) {
            let invalid = FunctionError(
                "\(function)() expects an ISO 8601 date and time such as '2024-01-31T12:00:00Z', got '\(text)'")
            var scanner = Cursor(Array(text.utf8))
            guard let year = scanner.number(4), scanner.take("-"), let month = scanner.number(2), scanner.take("-"),
                let day = scanner.number(2), (1...12).contains(month), day >= 1, day <= Stamp.days(in: month, of: year), year >= 1
            else { throw invalid }
            var shape = Shape(separator: nil, seconds: false, fraction: 0, zone: .none)
            var (hour, minute, second, fraction): (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
            zone = .unspecified
            if let separator = scanner.peek,
                separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
            {
                scanner.position += 1
                shape.separator = Character(UnicodeScalar(separator))
                guard let hours = scanner.number(2), scanner.take(":"), let minutes = scanner.number(2), hours < 24, minutes < 60 else {
                    throw invalid
                }
                (hour, minute) = (Int64(hours), Int64(minutes))
                if scanner.take(":") {
                    guard let seconds = scanner.number(2), seconds < 60 else { throw invalid }
                    (second, shape.seconds) = (Int64(seconds), true)
                    if scanner.take(".") {
                        let digits = scanner.digits()
                        guard (1...7).contains(digits.count) else { throw invalid }
                        shape.fraction = digits.count
                        fraction = Int64(digits + String(repeating: "0", count: 7 - digits.count))!
                    }
                }
                if scanner.take("Z") || scanner.take("z") {
                    (zone, shape.zone) = (.utc, .z)
                } else if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    scanner.position += 1
                    guard let hours = scanner.number(2) else { throw invalid }
                    let colon = scanner.take(":")
                    guard let minutes = scanner.number(2), hours <= 14, minutes < 60 else { throw invalid }
                    zone = .offset((sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes))
                    shape.zone = colon ? .colon : .compact
                }
            }
            guard scanner.atEnd else { throw invalid }
            self.shape = shape
            ticks =
                Stamp.dayNumber(year, month, day) * Stamp.ticksPerDay
                + ((hour * 60 + minute) * 60 + second) * Stamp.ticksPerSecond + fraction
        }

        var day: Int64 { ticks >= 0 ? ticks / Stamp.ticksPerDay : (ticks - Stamp.ticksPerDay + 1) / Stamp.ticksPerDay }
        var date: (year: Int, month: Int, day: Int) { Stamp.civil(day) }
        var timeOfDay: Int64 { ticks - day * Stamp.ticksPerDay }
        var hour: Int { Int(timeOfDay / (3600 * Stamp.ticksPerSecond)) }
        var minute: Int { Int(timeOfDay / (60 * Stamp.ticksPerSecond) % 60) }
        var second: Int { Int(timeOfDay / Stamp.ticksPerSecond % 60) }
        var fraction: Int64 { timeOfDay % Stamp.ticksPerSecond }
        /// 0 is Sunday; 1970-01-01 was a Thursday.
        var weekday: Int { Int(((day + 4) % 7 + 7) % 7) }

        /// Calendar years, then months (a day past the month's end becomes its last day), then the fixed units.
        func adding(_ duration: ISODuration, in function: String) throws(FunctionError) -> Stamp {
            let outside = FunctionError("\(function)() result is outside the years 1 to 9999")
            var (year, month, day) = date
            for months in [duration.years * 12, duration.months] where months != 0 {
                let total = Int64(year) * 12 + Int64(month - 1) + months
                guard total >= 12, total < 120_000 else { throw outside }
                (year, month) = (Int(total / 12), Int(total % 12) + 1)
                day = Swift.min(day, Stamp.days(in: month, of: year))
            }
            let moved = Stamp.dayNumber(year, month, day) * Stamp.ticksPerDay + timeOfDay
            let (ticks, overflow) = moved.addingReportingOverflow(duration.ticks)
            let result = Stamp(ticks: ticks, zone: zone, shape: shape)
            guard !overflow, (1...9999).contains(result.date.year) else { throw outside }
            return result
        }

        /// The time in the layout it was parsed from.
        var text: String {
            let (year, month, day) = date
            var text = "\(Stamp.pad(year, 4))-\(Stamp.pad(month, 2))-\(Stamp.pad(day, 2))"
            guard let separator = shape.separator else { return text }
            text += "\(separator)\(Stamp.pad(hour, 2)):\(Stamp.pad(minute, 2))"
            if shape.seconds { text += ":\(Stamp.pad(second, 2))" }
            if shape.fraction > 0 { text += "." + String(Stamp.pad(Int(fraction), 7).prefix(shape.fraction)) }
            switch shape.zone {
            case .none: break
            case .z: text += "Z"
            case .colon, .compact:
                let minutes = zone.minutes
                let separator = shape.zone == .colon ? ":" : ""
                text += (minutes < 0 ? "-" : "+") + Stamp.pad(abs(minutes) / 60, 2) + separator + Stamp.pad(abs(minutes) % 60, 2)
            }
            return text
        }

        static func pad(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }

        static func days(in month: Int, of year: Int) -> Int {
            switch month {
            case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
        static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
            let y = Int64(month <= 2 ? year - 1 : year)
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * Int64(month > 2 ? month - 3 : month + 9) + 2) / 5 + Int64(day) - 1
            return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
        }

        static func civil(_ days: Int64) -> (year: Int, month: Int, day: Int) {
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let shifted = (5 * dayOfYear + 2) / 153
            let month = shifted < 10 ? shifted + 3 : shifted - 9
            return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(dayOfYear - (153 * shifted + 2) / 5 + 1))
        }
    }

    /// An ISO 8601 duration, `[-]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`: calendar years and months, and the rest in ticks.
    struct ISODuration {
        var years: Int64 = 0
        var months: Int64 = 0
        var ticks: Int64 = 0

        init(parsing text: String, in function: String) throws(FunctionError) {
            let invalid = FunctionError("\(function)() expects an ISO 8601 duration such as 'P1D', 'PT1H' or '-P1Y2M', got '\(text)'")
            var scanner = Cursor(Array(text.utf8))
            let sign: Int64 = scanner.take("-") ? -1 : 1
            guard scanner.take("P") else { throw invalid }
            var inTime = false
            var seen = 0
            var fixed: Int64 = 0
            var order = 0
            while !scanner.atEnd {
                if !inTime, scanner.take("T") { (inTime, order) = (true, 10); continue }
                let digits = scanner.digits()
                guard !digits.isEmpty, let number = Int64(digits) else { throw invalid }
                var fraction: Int64 = 0
                if scanner.take(".") || scanner.take(",") {
                    let decimals = scanner.digits()
                    guard (1...7).contains(decimals.count), inTime, scanner.peek == UInt8(ascii: "S") else { throw invalid }
                    fraction = Int64(decimals + String(repeating: "0", count: 7 - decimals.count))!
                }
                guard let unit = scanner.peek else { throw invalid }
                scanner.position += 1
                let units: [UInt8: (rank: Int, seconds: Int64)] =
                    inTime
                    ? [UInt8(ascii: "H"): (11, 3600), UInt8(ascii: "M"): (12, 60), UInt8(ascii: "S"): (13, 1)]
                    : [
                        UInt8(ascii: "Y"): (1, 0), UInt8(ascii: "M"): (2, 0), UInt8(ascii: "W"): (3, 604_800),
                        UInt8(ascii: "D"): (4, 86_400),
                    ]
                guard let (rank, seconds) = units[unit], rank > order else { throw invalid }
                order = rank
                seen += 1
                switch rank {
                case 1: years = sign * number
                case 2: months = sign * number
                default:
                    let (scaled, overflow1) = number.multipliedReportingOverflow(by: seconds * Stamp.ticksPerSecond)
                    let (sum, overflow2) = fixed.addingReportingOverflow(scaled &+ fraction)
                    guard !overflow1, !overflow2, scaled <= Int64.max - fraction else {
                        throw FunctionError("\(function)() duration '\(text)' is too long")
                    }
                    fixed = sum
                }
            }
            guard seen > 0, !(inTime && order == 10) else { throw invalid }
            guard years.magnitude < 10_000, months.magnitude < 120_000 else {
                throw FunctionError("\(function)() duration '\(text)' is too long")
            }
            ticks = sign * fixed
        }
    }

    /// A cursor over ASCII text for the date and duration parsers.
    struct Cursor {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digits() -> String {
            let start = position
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Exactly `count` digits, however many follow.
        mutating func number(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            let slice = bytes[position..<position + count]
            guard slice.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            position += count
            return Int(String(decoding: slice, as: UTF8.self))
        }
    }

    /// .NET date and time format strings, standard (one letter) and custom, in the invariant culture Azure uses
    /// (`utcNow('d')` gives `03/05/2019`).
    enum Format {
        static let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

        static func render(_ stamp: Stamp, format: String, in function: String) throws(FunctionError) -> String {
            guard format.count <= 1 else { return try custom(stamp, Array(format), in: function) }
            var stamp = stamp
            let letter = format.first ?? "G"
            let patterns: [Character: String] = [
                "d": "MM/dd/yyyy", "D": "dddd, dd MMMM yyyy", "f": "dddd, dd MMMM yyyy HH:mm", "F": "dddd, dd MMMM yyyy HH:mm:ss",
                "g": "MM/dd/yyyy HH:mm", "G": "MM/dd/yyyy HH:mm:ss", "m": "MMMM dd", "M": "MMMM dd",
                "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK", "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
                "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
                "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss", "t": "HH:mm", "T": "HH:mm:ss",
                "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'", "U": "dddd, dd MMMM yyyy HH:mm:ss", "y": "yyyy MMMM", "Y": "yyyy MMMM",
            ]
            guard let pattern = patterns[letter] else {
                throw FunctionError(
                    "\(function)() format '\(format)' is not a .NET standard date and time format; write '%\(format)' for the custom specifier"
                )
            }
            if "rRuU".contains(letter), stamp.zone != .unspecified {
                stamp.ticks -= Int64(stamp.zone.minutes) * 60 * Stamp.ticksPerSecond
                stamp.zone = .utc
            }
            return try custom(stamp, Array(pattern), in: function)
        }

        /// Custom specifiers: d f F g h H K m M s t y z, `:` and `/`, quoted literals, `%` and `\` escapes.
        static func custom(_ stamp: Stamp, _ pattern: [Character], in function: String) throws(FunctionError) -> String {
            let invalid = FunctionError("\(function)() format '\(String(pattern))' is not a valid .NET date and time format")
            let (year, month, day) = stamp.date
            var result = ""
            var position = 0
            func field(_ letter: Character, _ count: Int) throws(FunctionError) -> String? {
                let offset = stamp.zone.minutes
                switch letter {
                case "d":
                    return count == 1
                        ? String(day)
                        : count == 2
                            ? Stamp.pad(day, 2)
                            : count == 3 ? String(weekdays[stamp.weekday].prefix(3)) : weekdays[stamp.weekday]
                case "f", "F":
                    guard count <= 7 else { throw invalid }
                    var digits = String(Stamp.pad(Int(stamp.fraction), 7).prefix(count))
                    if letter == "F" {
                        while digits.last == "0" { digits.removeLast() }
                        if digits.isEmpty, result.last == "." { result.removeLast() }
                    }
                    return digits
                case "g": return "A.D."
                case "h": let hour = stamp.hour % 12 == 0 ? 12 : stamp.hour % 12; return count == 1 ? String(hour) : Stamp.pad(hour, 2)
                case "H": return count == 1 ? String(stamp.hour) : Stamp.pad(stamp.hour, 2)
                case "K":
                    switch stamp.zone {
                    case .unspecified: return ""
                    case .utc: return "Z"
                    case .offset: return (offset < 0 ? "-" : "+") + Stamp.pad(abs(offset) / 60, 2) + ":" + Stamp.pad(abs(offset) % 60, 2)
                    }
                case "m": return count == 1 ? String(stamp.minute) : Stamp.pad(stamp.minute, 2)
                case "M":
                    return count == 1
                        ? String(month)
                        : count == 2
                            ? Stamp.pad(month, 2)
                            : count == 3 ? String(months[month - 1].prefix(3)) : months[month - 1]
                case "s": return count == 1 ? String(stamp.second) : Stamp.pad(stamp.second, 2)
                case "t": return count == 1 ? (stamp.hour < 12 ? "A" : "P") : (stamp.hour < 12 ? "AM" : "PM")
                case "y": return count == 1 ? String(year % 100) : Stamp.pad(count == 2 ? year % 100 : year, count)
                case "z":
                    let sign = offset < 0 ? "-" : "+"
                    let hours = abs(offset) / 60
                    return count == 1
                        ? sign + String(hours)
                        : count == 2
                            ? sign + Stamp.pad(hours, 2)
                            : sign + Stamp.pad(hours, 2) + ":" + Stamp.pad(abs(offset) % 60, 2)
                default: return nil
                }
            }
            while position < pattern.count {
                let letter = pattern[position]
                switch letter {
                case "'", "\"":
                    position += 1
                    while position < pattern.count, pattern[position] != letter {
                        if pattern[position] == "\\" { position += 1 }
                        guard position < pattern.count else { throw invalid }
                        result.append(pattern[position])
                        position += 1
                    }
                    guard position < pattern.count else { throw invalid }
                    position += 1
                case "\\", "%":
                    guard position + 1 < pattern.count, pattern[position + 1] != "%" else { throw invalid }
                    let next = pattern[position + 1]
                    if letter == "%", let text = try field(next, 1) { result += text } else { result.append(next) }
                    position += 2
                default:
                    var count = 1
                    while letter != "K", position + count < pattern.count, pattern[position + count] == letter { count += 1 }
                    if let text = try field(letter, count) {
                        result += text
                        position += count
                    } else {
                        result.append(letter)
                        position += 1
                    }
                }
            }
            return result
        }
    }
}
