public import Foundation

/// What `bulwark usage` prints: the ledger's totals summed per key, identity or deployment, most expensive first,
/// as a table (with a total line), JSON or CSV. Costs are US dollars from the ledger's millionths, with at least
/// two decimals and as many more as the amount needs, so nothing is rounded away.
public struct UsageReport: Sendable, Hashable {
    /// What rows are grouped by.
    public enum Grouping: String, Sendable, Hashable, CaseIterable {
        case key, identity, deployment
    }

    /// One group's usage.
    public struct Row: Sendable, Hashable {
        /// The key's prefix (`(no key)` for Entra ID callers), the identity or the deployment.
        public var group: String
        public var requests: Int64
        public var promptTokens: Int64
        public var completionTokens: Int64
        public var microUSD: Int64

        public var totalTokens: Int64 { promptTokens + completionTokens }
    }

    public var grouping: Grouping
    public var since: Date
    /// By cost, then total tokens, descending; then by group.
    public var rows: [Row]

    /// The label of callers without a key when grouping by key.
    public static let noKey = "(no key)"

    public init(totals: [UsageTotal], by grouping: Grouping, since: Date) {
        self.grouping = grouping
        self.since = since
        var groups: [String: Row] = [:]
        for total in totals {
            let group: String
            switch grouping {
            case .key: group = total.keyPrefix ?? Self.noKey
            case .identity: group = total.identity
            case .deployment: group = total.deployment
            }
            var row = groups[group] ?? Row(group: group, requests: 0, promptTokens: 0, completionTokens: 0, microUSD: 0)
            row.requests += total.requests
            row.promptTokens += total.promptTokens
            row.completionTokens += total.completionTokens
            row.microUSD += total.microUSD
            groups[group] = row
        }
        rows = groups.values.sorted { left, right in
            if left.microUSD != right.microUSD { return left.microUSD > right.microUSD }
            if left.totalTokens != right.totalTokens { return left.totalTokens > right.totalTokens }
            return left.group < right.group
        }
    }

    /// Every row summed, named `total`.
    public var total: Row {
        rows.reduce(Row(group: "total", requests: 0, promptTokens: 0, completionTokens: 0, microUSD: 0)) { sum, row in
            Row(
                group: "total", requests: sum.requests + row.requests, promptTokens: sum.promptTokens + row.promptTokens,
                completionTokens: sum.completionTokens + row.completionTokens, microUSD: sum.microUSD + row.microUSD)
        }
    }

    // MARK: Formats

    /// Columns aligned, numbers to the right, a rule and the total line last.
    public func table() -> String {
        let header = [grouping.rawValue, "requests", "prompt tokens", "completion tokens", "total tokens", "cost (USD)"]
        let body = (rows + [total]).map { row in
            [
                row.group, "\(row.requests)", "\(row.promptTokens)", "\(row.completionTokens)", "\(row.totalTokens)",
                Self.dollars(row.microUSD),
            ]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            .joined(separator: "  ")
        }
        var lines = [line(header)] + body.dropLast().map(line)
        lines.append(String(repeating: "-", count: line(header).count))
        lines.append(line(body[body.count - 1]))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"by", "since", "rows": [...], "total": {...}}`; `costUSD` is an exact decimal number.
    public func json() -> String {
        struct Document: Encodable {
            var by: String
            var since: String
            var rows: [Item]
            var total: Item
        }
        struct Item: Encodable {
            var group: String
            var requests: Int64
            var promptTokens: Int64
            var completionTokens: Int64
            var totalTokens: Int64
            var microUSD: Int64
            var costUSD: Decimal
        }
        func item(_ row: Row) -> Item {
            Item(
                group: row.group, requests: row.requests, promptTokens: row.promptTokens, completionTokens: row.completionTokens,
                totalTokens: row.totalTokens, microUSD: row.microUSD, costUSD: Decimal(row.microUSD) / 1_000_000)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(by: grouping.rawValue, since: since.formatted(.iso8601), rows: rows.map(item), total: item(total))
        // Encoding strings, integers and decimals cannot fail.
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// A header and one line per row (no total line), quoted where a field needs it.
    public func csv() -> String {
        var lines = ["\(grouping.rawValue),requests,prompt_tokens,completion_tokens,total_tokens,cost_usd"]
        for row in rows {
            lines.append(
                [
                    Self.csvField(row.group), "\(row.requests)", "\(row.promptTokens)", "\(row.completionTokens)", "\(row.totalTokens)",
                    Self.dollars(row.microUSD),
                ]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `1234567` millionths as `1.234567`, `1230000` as `1.23`, `0` as `0.00`.
    public static func dollars(_ microUSD: Int64) -> String {
        let magnitude = microUSD.magnitude
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return (microUSD < 0 ? "-" : "") + "\(magnitude / 1_000_000).\(fraction)"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Since

    /// Why a `--since` value was refused.
    public struct SinceError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The start of the report: `30d` or `12h` before `now`, or an ISO-8601 date (`2026-01-31`, midnight UTC) or
    /// time (`2026-01-31T08:00:00Z`).
    public static func since(_ text: String, now: Date) throws(SinceError) -> Date {
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3_600]
        if let unit = text.last.flatMap({ units[$0] }) {
            let digits = text.dropLast()
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let amount = Int(digits), amount > 0,
                amount <= 36_500
            {
                return now.addingTimeInterval(-Double(amount) * unit)
            }
        }
        if let time = try? Date(text, strategy: .iso8601) { return time }
        if let day = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()) {
            return day
        }
        throw SinceError(
            description: "expected a number of days or hours such as 30d or 12h, or an ISO-8601 date such as 2026-01-31, got '\(text)'")
    }
}
