import Foundation
import RateLimits
import Testing

@Suite("Usage report")
struct UsageReportTests {
    static let since = Date(timeIntervalSince1970: 1_800_000_000)
    static let totals = [
        UsageTotal(
            identity: "bwk_aaaaaaaaaaaa", keyPrefix: "bwk_aaaaaaaaaaaa", policy: "key bwk_aaaaaaaaaaaa", deployment: "gpt-4o",
            requests: 3, promptTokens: 300, completionTokens: 150, microUSD: 1_234_567),
        UsageTotal(
            identity: "bwk_aaaaaaaaaaaa", keyPrefix: "bwk_aaaaaaaaaaaa", policy: "key bwk_aaaaaaaaaaaa", deployment: "embed",
            requests: 10, promptTokens: 1000, completionTokens: 0, microUSD: 20_000),
        UsageTotal(
            identity: "bwk_bbbbbbbbbbbb", keyPrefix: "bwk_bbbbbbbbbbbb", policy: "key bwk_bbbbbbbbbbbb", deployment: "gpt-4o",
            requests: 1, promptTokens: 5000, completionTokens: 0, microUSD: 0),
        UsageTotal(
            identity: "entra:1111", keyPrefix: nil, policy: "policy readers", deployment: "gpt-4o", requests: 2, promptTokens: 20,
            completionTokens: 20, microUSD: 0),
    ]

    @Test("rows are summed per group and sorted by cost, then tokens, descending")
    func grouping() {
        let byKey = UsageReport(totals: Self.totals, by: .key, since: Self.since)
        #expect(byKey.rows.map(\.group) == ["bwk_aaaaaaaaaaaa", "bwk_bbbbbbbbbbbb", UsageReport.noKey])
        #expect(byKey.rows[0].requests == 13)
        #expect(byKey.rows[0].microUSD == 1_254_567)
        #expect(byKey.total.requests == 16)
        #expect(byKey.total.totalTokens == 6490)
        let byDeployment = UsageReport(totals: Self.totals, by: .deployment, since: Self.since)
        #expect(byDeployment.rows.map(\.group) == ["gpt-4o", "embed"])
        #expect(
            UsageReport(totals: Self.totals, by: .identity, since: Self.since).rows.map(\.group) == [
                "bwk_aaaaaaaaaaaa", "bwk_bbbbbbbbbbbb", "entra:1111",
            ])
    }

    @Test("dollars have two decimals or as many as the millionths need")
    func dollars() {
        #expect(UsageReport.dollars(0) == "0.00")
        #expect(UsageReport.dollars(1_230_000) == "1.23")
        #expect(UsageReport.dollars(1_234_567) == "1.234567")
        #expect(UsageReport.dollars(5) == "0.000005")
        #expect(UsageReport.dollars(12_000_000_000) == "12000.00")
    }

    @Test("the table aligns columns and ends with a total line; CSV quotes; JSON has exact costs")
    func formats() throws {
        let report = UsageReport(totals: Self.totals, by: .deployment, since: Self.since)
        #expect(
            report.table() == """
                deployment  requests  prompt tokens  completion tokens  total tokens  cost (USD)
                gpt-4o             6           5320                170          5490    1.234567
                embed             10           1000                  0          1000        0.02
                --------------------------------------------------------------------------------
                total             16           6320                170          6490    1.254567

                """)
        #expect(
            report.csv() == """
                deployment,requests,prompt_tokens,completion_tokens,total_tokens,cost_usd
                gpt-4o,6,5320,170,5490,1.234567
                embed,10,1000,0,1000,0.02

                """)
        let odd = UsageReport(
            totals: [
                UsageTotal(
                    identity: "a,\"b\"", keyPrefix: nil, policy: "p", deployment: "d", requests: 1, promptTokens: 1, completionTokens: 1,
                    microUSD: 1)
            ],
            by: .identity, since: Self.since)
        #expect(odd.csv().contains("\n\"a,\"\"b\"\"\",1,"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(json["by"] as? String == "deployment")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.first?["group"] as? String == "gpt-4o")
        #expect(rows.first?["microUSD"] as? Int == 1_234_567)
        #expect((rows.first?["costUSD"] as? NSNumber)?.description == "1.234567")
        #expect((json["total"] as? [String: Any])?["requests"] as? Int == 16)
    }

    @Test("since takes Nd, Nh and ISO-8601 dates and times; anything else is an error that says what is expected")
    func since() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try UsageReport.since("30d", now: now) == now.addingTimeInterval(-30 * 86_400))
        #expect(try UsageReport.since("12h", now: now) == now.addingTimeInterval(-12 * 3_600))
        #expect(try UsageReport.since("2026-01-31", now: now) == Date(timeIntervalSince1970: 1_769_817_600))
        #expect(try UsageReport.since("2026-01-31T08:00:00Z", now: now) == Date(timeIntervalSince1970: 1_769_846_400))
        for bad in ["", "d", "0d", "-3d", "3w", "1.5h", "yesterday", "2026-13-45"] {
            #expect(throws: UsageReport.SinceError.self, "\(bad)") { try UsageReport.since(bad, now: now) }
        }
    }
}
