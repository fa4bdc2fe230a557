import TerraformModel

/// `formatdate`, `timeadd` and `timecmp` on RFC 3339 timestamps (`timestamp()` and `plantimestamp()` are unknown
/// until apply; see the dispatch table).
enum DateFunctions {
    static func formatDate(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let spec = Array(try arguments.string(0).unicodeScalars)
        let time = try timestamp(arguments, 1)
        var output = ""
        var index = 0
        while index < spec.count {
            let scalar = spec[index]
            if scalar == "'" {
                if index + 1 < spec.count, spec[index + 1] == "'" {
                    output += "'"
                    index += 2
                    continue
                }
                var end = index + 1
                var literal = ""
                var closed = false
                while end < spec.count {
                    if spec[end] == "'" {
                        if end + 1 < spec.count, spec[end + 1] == "'" {
                            literal += "'"
                            end += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    literal.unicodeScalars.append(spec[end])
                    end += 1
                }
                guard closed else { throw arguments.invalid(0, "unterminated literal '") }
                output += literal
                index = end + 1
                continue
            }
            guard scalar.isASCII, scalar.properties.isAlphabetic else {
                output.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            var end = index
            while end < spec.count, spec[end] == scalar { end += 1 }
            output += try verb(Character(scalar), count: end - index, time, arguments)
            index = end
        }
        return .string(output)
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    private static func verb(_ letter: Character, count: Int, _ time: Timestamp, _ arguments: Arguments) throws(TerraformFunctionError)
        -> String
    {
        let token = String(repeating: letter, count: count)
        let fields = time.localFields
        func number(_ value: Int, _ message: String) throws(TerraformFunctionError) -> String {
            switch count {
            case 1: return String(value)
            case 2: return value < 10 ? "0\(value)" : String(value)
            default: throw arguments.invalid(0, "invalid date format verb \"\(token)\": \(message)")
            }
        }
        switch letter {
        case "Y":
            switch count {
            case 2: return String(format2(fields.year % 100))
            case 4: return String(repeating: "0", count: max(0, 4 - String(fields.year).count)) + String(fields.year)
            default: throw arguments.invalid(0, "invalid date format verb \"\(token)\": year must either be \"YY\" or \"YYYY\"")
            }
        case "M":
            switch count {
            case 1, 2: return try number(fields.month, "")
            case 3: return String(months[fields.month - 1].prefix(3))
            case 4: return months[fields.month - 1]
            default: throw arguments.invalid(0, "invalid date format verb \"\(token)\": month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")
            }
        case "D": return try number(fields.day, "day of month must either be \"D\" or \"DD\"")
        case "E":
            switch count {
            case 3: return String(weekdays[fields.weekday].prefix(3))
            case 4: return weekdays[fields.weekday]
            default: throw arguments.invalid(0, "invalid date format verb \"\(token)\": day of week must either be \"EEE\" or \"EEEE\"")
            }
        case "h": return try number(fields.hour, "24-hour must either be \"h\" or \"hh\"")
        case "H": return try number(fields.hour % 12 == 0 ? 12 : fields.hour % 12, "12-hour must either be \"H\" or \"HH\"")
        case "A", "a":
            guard count == 2 else { throw arguments.invalid(0, "invalid date format verb \"\(token)\": must be \"\(letter)\(letter)\"") }
            let marker = fields.hour < 12 ? "AM" : "PM"
            return letter == "A" ? marker : marker.lowercased()
        case "m": return try number(fields.minute, "minute must either be \"m\" or \"mm\"")
        case "s": return try number(fields.second, "second must either be \"s\" or \"ss\"")
        case "Z":
            switch count {
            case 1: return time.offset == 0 ? "Z" : time.offsetText(colon: true)
            case 3: return time.offset == 0 ? "UTC" : time.offsetText(colon: false)
            case 4: return time.offsetText(colon: false)
            case 5: return time.offsetText(colon: true)
            default: throw arguments.invalid(0, "invalid date format verb \"\(token)\": timezone must be Z, ZZZZ, or ZZZZZ")
            }
        default: throw arguments.invalid(0, "invalid date format verb \"\(token)\"")
        }
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    static func timestamp(_ arguments: Arguments, _ index: Int) throws(TerraformFunctionError) -> Timestamp {
        let text = try arguments.string(index)
        do { return try Timestamp(rfc3339: text) } catch { throw arguments.invalid(index, error.message) }
    }

    /// `timeadd(timestamp, duration)`: RFC 3339 in the timestamp's own offset, without fractional seconds.
    static func timeAdd(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var time = try timestamp(arguments, 0)
        let durationText = try arguments.string(1)
        let nanoseconds: Int64
        do { nanoseconds = try GoDuration.nanoseconds(durationText) } catch { throw arguments.failed(error.message) }
        let (quotient, remainder) = (Int64(time.nanosecond) + nanoseconds).quotientAndRemainder(dividingBy: 1_000_000_000)
        time.seconds += remainder < 0 ? quotient - 1 : quotient
        time.nanosecond = Int(remainder < 0 ? remainder + 1_000_000_000 : remainder)
        return .string(time.rfc3339)
    }

    static func timeCmp(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let first = try timestamp(arguments, 0)
        let second = try timestamp(arguments, 1)
        let order =
            (first.seconds, first.nanosecond) < (second.seconds, second.nanosecond)
            ? -1 : (first.seconds, first.nanosecond) == (second.seconds, second.nanosecond) ? 0 : 1
        return .number(Double(order))
    }
}

/// Go's `time.ParseDuration`: `1h30m`, `-10.5s`, `300ms`, units `ns us µs ms s m h`.
enum GoDuration {
    struct ParseError: Error {
        var message: String
    }

    static func nanoseconds(_ text: String) throws(ParseError) -> Int64 {
        let invalid = ParseError(message: "time: invalid duration \(JSONText.quoted(text))")
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if String(scalars) == "0" { return 0 }
        guard !scalars.isEmpty else { throw invalid }
        var total = 0.0
        while !scalars.isEmpty {
            let number = String(scalars.prefix { ("0"..."9").contains($0) || $0 == "." })
            guard number != ".", let value = Double("0" + number + (number.hasSuffix(".") ? "0" : "")) else { throw invalid }
            scalars = scalars.dropFirst(number.unicodeScalars.count)
            let unit = String(scalars.prefix { !("0"..."9").contains($0) && $0 != "." })
            guard !unit.isEmpty else { throw ParseError(message: "time: missing unit in duration \(JSONText.quoted(text))") }
            scalars = scalars.dropFirst(unit.unicodeScalars.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: throw ParseError(message: "time: unknown unit \(JSONText.quoted(unit)) in duration \(JSONText.quoted(text))")
            }
            total += value * scale
        }
        guard total < 9.2e18 else { throw invalid }
        return Int64((negative ? -total : total).rounded())
    }
}
