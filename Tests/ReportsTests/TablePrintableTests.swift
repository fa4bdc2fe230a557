import Testing

@testable import Reports

@Suite("Text the table report prints")
struct TablePrintableTests {
    @Test("control characters (C0, DEL, C1) are escaped; everything else, accents and emoji included, is kept")
    func escapesControlsOnly() {
        #expect(TableReport.printable("plain text, accents é and 😀") == "plain text, accents é and 😀")
        #expect(TableReport.printable("a\u{1B}[31mred") == "a\\u{1b}[31mred")
        #expect(TableReport.printable("del\u{7F}") == "del\\u{7f}")
        #expect(TableReport.printable("next\u{85}line") == "next\\u{85}line")
        #expect(TableReport.printable("no-break\u{A0}space") == "no-break\u{A0}space", "U+00A0 shares C1's lead byte and is not a control")
    }
}
