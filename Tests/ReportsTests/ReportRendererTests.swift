import Foundation
import Reports
import Testing

@Suite("report renderer")
struct ReportRendererTests {
    @Test("every format except html renders; html uses the renderer handed in, and without one is a clear error")
    func formats() throws {
        let renderer = ReportRenderer(context: WorkflowFixtures.context)
        for format in ReportFormat.allCases where format != .html {
            #expect(!(try renderer.render(format, WorkflowFixtures.result())).isEmpty, "\(format)")
        }
        #expect(throws: ReportError.noHTMLRenderer) { try renderer.render(.html, WorkflowFixtures.result()) }
        let withHTML = ReportRenderer(
            context: WorkflowFixtures.context,
            html: { result, context in
                Data("<p>\(result.findings.count) \(context.rulePack)</p>".utf8)
            })
        #expect(try withHTML.render(.html, WorkflowFixtures.result()) == Data("<p>7 built-in 1.0.0</p>".utf8))
        #expect(ReportFormat.allCases.filter(\.describesEveryRule) == [.sarif])
    }
}
