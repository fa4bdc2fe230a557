import ArgumentParser
import Foundation
import RateLimits

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Report requests, tokens and cost from the usage ledger, per key, identity or deployment.",
        discussion: "Rows are sorted by cost, then tokens, descending. Costs are US dollars from the configured prices."
    )

    @OptionGroup var storeOptions: KeysCommand.StoreOptions

    @Option(help: ArgumentHelp("Group by key, identity or deployment.", valueName: "GROUPING"))
    var by: String = "key"

    @Option(help: ArgumentHelp("The report's start: 30d, 12h, or an ISO-8601 date such as 2026-01-31.", valueName: "WHEN"))
    var since: String = "30d"

    @Option(help: ArgumentHelp("table, json or csv.", valueName: "FORMAT"))
    var format: String = "table"

    func validate() throws {
        guard UsageReport.Grouping(rawValue: by) != nil else {
            throw ValidationError("--by must be key, identity or deployment, got '\(by)'")
        }
        guard ["table", "json", "csv"].contains(format) else {
            throw ValidationError("--format must be table, json or csv, got '\(format)'")
        }
        _ = try start(now: Date())
    }

    func run() async throws {
        let start = try start(now: Date())
        let totals = try await storeOptions.withStore { opened in
            do { return try await opened.ledger.totals(since: start) } catch {
                printError("bulwark: \(error)")
                throw ExitCode(2)
            }
        }
        // validate() has checked the grouping.
        let report = UsageReport(totals: totals, by: UsageReport.Grouping(rawValue: by) ?? .key, since: start)
        switch format {
        case "json": print(report.json(), terminator: "")
        case "csv": print(report.csv(), terminator: "")
        default: print(report.table(), terminator: "")
        }
    }

    private func start(now: Date) throws -> Date {
        do throws(UsageReport.SinceError) { return try UsageReport.since(since, now: now) } catch {
            throw ValidationError("--since: \(error.description)")
        }
    }
}
