/// Payment card issuer identification number (IIN) ranges and the lengths each network issues.
enum CardIssuers {
    /// (first digits low, high, prefix length, allowed card lengths)
    private static let ranges: [(Int, Int, Int, ClosedRange<Int>)] = [
        (4, 4, 1, 13...19),            // Visa
        (51, 55, 2, 16...16),          // Mastercard
        (2221, 2720, 4, 16...16),      // Mastercard 2-series
        (34, 34, 2, 15...15), (37, 37, 2, 15...15),  // American Express
        (6011, 6011, 4, 16...19), (644, 649, 3, 16...19), (65, 65, 2, 16...19),  // Discover
        (3528, 3589, 4, 16...19),      // JCB
        (300, 305, 3, 14...19), (36, 36, 2, 14...19), (38, 39, 2, 16...19),  // Diners Club
        (62, 62, 2, 16...19),          // UnionPay
        (50, 50, 2, 12...19), (56, 58, 2, 12...19), (6304, 6304, 4, 12...19), (67, 67, 2, 12...19),  // Maestro
        (2200, 2204, 4, 16...19),      // Mir
    ]

    static func isKnown(_ digits: [UInt8]) -> Bool {
        ranges.contains { low, high, width, lengths in
            guard lengths.contains(digits.count), digits.count >= width else { return false }
            let prefix = digits[0..<width].reduce(0) { $0 * 10 + Int($1) }
            return prefix >= low && prefix <= high
        }
    }
}

/// IBAN lengths by country (ISO 13616 registry).
enum IBANLengths {
    static let byCountry: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21,
        "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
        "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
        "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
        "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]
}

/// Phone numbers: E.164 (`+` and a country code) for the countries below with their national number lengths,
/// and national formats for the same countries. Documented in docs/guards.md.
enum PhoneNumbers {
    /// Country code → allowed national significant number lengths (without the trunk prefix 0).
    static let nationalLengths: [String: ClosedRange<Int>] = [
        "1": 10...10,    // US, Canada (NANP)
        "44": 9...10,    // United Kingdom
        "49": 6...11,    // Germany
        "33": 9...9,     // France
        "34": 9...9,     // Spain
        "39": 6...11,    // Italy
        "31": 9...9,     // Netherlands
        "46": 7...9,     // Sweden
        "41": 9...9,     // Switzerland
        "353": 7...9,    // Ireland
        "91": 10...10,   // India
        "61": 9...9,     // Australia
        "81": 9...10,    // Japan
        "86": 11...11,   // China (mobile)
        "55": 10...11,   // Brazil
        "52": 10...10,   // Mexico
        "27": 9...9,     // South Africa
        "65": 8...8,     // Singapore
    ]

    static func isPhone(digits: [UInt8], groups: [Int], separators: Set<UInt8>, international: Bool, hasParenthesis: Bool) -> Bool {
        if international {
            for codeLength in 1...3 where digits.count > codeLength {
                let code = String(digits[0..<codeLength].map { Character(String($0)) })
                guard let lengths = nationalLengths[code] else { continue }
                var national = Array(digits[codeLength...])
                if national.first == 0, code == "39" { /* Italy keeps its leading 0 */ } else if national.first == 0 { national.removeFirst() }
                guard lengths.contains(national.count) else { return false }
                return code != "1" || isNANP(national)
            }
            return false
        }
        // National formats need separators (a bare run of digits is an order number as often as a phone number).
        guard groups.count >= 2 || hasParenthesis else { return false }
        // (425) 555-0100, 425-555-0100, 425.555.0100; spaces alone (425 555 0100) are as often an account or NHS number.
        if digits.count == 10, isNANP(digits), groups == [3, 3, 4] { return !separators.isEmpty && separators != [0x20] }
        if digits.first == 0 {
            // UK 01/02/03/07 (11 digits), France 0[1-9] (10 digits, in pairs), Germany 0 + 5–11 digits.
            if digits.count == 11, [1, 2, 3, 7].contains(digits[1]) { return true }
            if digits.count == 10, digits[1] != 0, groups.allSatisfy({ $0 == 2 }) { return true }
            if (7...12).contains(digits.count), digits[1] != 0, groups.count >= 2, separators.isSubset(of: [0x20, 0x2D, 0x2F]) { return true }
        }
        return false
    }

    /// North American numbering plan: area code and exchange start with 2–9, and the area code is not N11.
    static func isNANP(_ national: [UInt8]) -> Bool {
        national.count == 10 && national[0] >= 2 && national[3] >= 2 && !(national[1] == 1 && national[2] == 1)
    }
}
