/// CSV records as Go's `encoding/csv` reads them (RFC 4180): `,` between fields, `"` around fields that hold
/// commas, quotes (doubled) or line breaks, `\r\n` or `\n` between records, and blank lines skipped.
enum CSVText {
    struct ParseError: Error {
        var message: String
    }

    static func records(_ text: String) throws(ParseError) -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var index = 0
        var line = 1
        while index < scalars.count {
            // A blank line is no record.
            if scalars[index] == "\n" || (scalars[index] == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n") {
                index += scalars[index] == "\r" ? 2 : 1
                line += 1
                continue
            }
            let recordLine = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var endOfRecord = false
            while !endOfRecord {
                field.removeAll()
                if index < scalars.count, scalars[index] == "\"" {
                    index += 1
                    while true {
                        guard index < scalars.count else {
                            throw ParseError(message: "CSV parse error on line \(recordLine): extraneous or missing \" in quoted-field")
                        }
                        let scalar = scalars[index]
                        if scalar == "\"" {
                            if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                                field.append("\"")
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                            index += 1
                            continue
                        }
                        if scalar == "\n" { line += 1 }
                        field.append(scalar)
                        index += 1
                    }
                    guard index >= scalars.count || [",", "\n", "\r"].contains(scalars[index]) else {
                        throw ParseError(message: "CSV parse error on line \(line): extraneous or missing \" in quoted-field")
                    }
                } else {
                    while index < scalars.count, scalars[index] != ",", scalars[index] != "\n",
                        !(scalars[index] == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
                    {
                        guard scalars[index] != "\"" else {
                            throw ParseError(message: "CSV parse error on line \(line): bare \" in non-quoted-field")
                        }
                        field.append(scalars[index])
                        index += 1
                    }
                }
                fields.append(String(field))
                if index < scalars.count, scalars[index] == "," {
                    index += 1
                } else {
                    if index < scalars.count { index += scalars[index] == "\r" ? 2 : 1 }
                    line += 1
                    endOfRecord = true
                }
            }
            records.append(fields)
        }
        return records
    }
}
