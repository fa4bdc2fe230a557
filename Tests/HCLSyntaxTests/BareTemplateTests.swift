import HCLSyntax
import SourceModel
import Testing

@Suite("HCL bare templates")
struct BareTemplateTests {
    @Test("a bare template is all text: backslashes are literal, quotes need no escape, $${ is literal")
    func literalText() {
        let parsed = HCLTemplate.parse("a \\n \"q\"\n$${x}", file: "t.tpl")
        #expect(parsed.errors.isEmpty)
        #expect(parsed.template.literalValue == "a \\n \"q\"\n${x}")
    }

    @Test("interpolations, directives and strip markers work as in quoted templates")
    func sequences() {
        let parsed = HCLTemplate.parse("Hi ${name}!\n%{ for x in xs ~}\n  [${x}]\n%{~ endfor }", file: "t.tpl")
        #expect(parsed.errors.isEmpty)
        #expect(shape(parsed.template) == "\"Hi ${name}!\n%{for x in xs}\"[${x}]\"%{endfor}\"")
    }

    @Test("ranges start at the origin given: a string's position inside another file")
    func origin() throws {
        let parsed = HCLTemplate.parse("ab${x}", file: "main.tf.json", origin: SourcePosition(line: 4, column: 10))
        guard case .interpolation(let inner, _) = parsed.template.parts.last else {
            Issue.record("expected an interpolation")
            return
        }
        #expect(inner.range.start == SourcePosition(line: 4, column: 14))
        #expect(inner.range.file == "main.tf.json")
    }

    @Test("a directive closing nothing and an unterminated interpolation are errors, and the rest is kept")
    func errors() {
        let stray = HCLTemplate.parse("a%{ endif }b", file: "t.tpl")
        #expect(stray.errors.first?.code == .unexpectedToken)
        #expect(stray.template.parts.count >= 1)
        let open = HCLTemplate.parse("a ${x", file: "t.tpl")
        #expect(!open.errors.isEmpty)
    }
}
