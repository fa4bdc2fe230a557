import Foundation
import HTMLReport
import Reports
import RuleEngine

/// `--format html`: the run described for the report's header, and the report rendered.
enum HTMLReportWiring {
    static func render(_ result: ScanResult, paths: [String], ruleFolders: [String]) throws -> Data {
        let rulePack = (["built-in"] + ruleFolders).joined(separator: " + ")
        return try HTMLReport().render(result, context: ReportContext(generatedAt: Date(), inputs: paths, rulePack: rulePack))
    }
}
