import HCLSyntax
import Testing

@Suite("HCL templates")
struct TemplateTests {
    @Test("escapes in quoted strings decode; $${ and %%{ are literal")
    func escapes() {
        #expect(literal(expression(#""a\nb\t\"q\" \\ \u00e9 \U0001F600 $${x} %%{y}""#)) == "a\nb\t\"q\" \\ é 😀 ${x} %{y}")
    }

    @Test("interpolations and directives nest; strip markers remove the whitespace beside them")
    func directivesAndStripMarkers() {
        #expect(shape(expression(#""Hello, ${var.name}!""#)) == "\"Hello, ${var.name}!\"")
        #expect(shape(expression(#""a  ${~ x ~}  b""#)) == "\"a${x}b\"")
        #expect(
            shape(expression(#""%{ if var.on }on%{ else }off%{ endif }""#)) == "\"%{if var.on}\"on\"%{else}\"off\"%{endif}\"")
        #expect(
            shape(expression(#""%{ for k, v in m ~}  ${k}=${v}  %{~ endfor }""#))
                == "\"%{for k, v in m}\"${k}=${v}\"%{endfor}\"")
        #expect(shape(expression(#""${ "inner ${x}" }""#)) == "\"${\"inner ${x}\"}\"")
    }

    @Test("heredocs: <<EOT keeps the text; <<-EOT drops the common indentation, blank lines aside")
    func heredocs() {
        let plain = expression("<<EOT\n  hello\n    world\n  EOT\n")
        #expect(literal(plain) == "  hello\n    world\n")
        let indented = expression("<<-EOT\n    hello\n      world\n\n    ${x}\n    EOT\n")
        #expect(shape(indented) == "\"hello\n  world\n\n${x}\n\"")
        let escapes = expression("<<EOT\na \\n $${b}\nEOT\n")
        #expect(literal(escapes) == "a \\n ${b}\n")
        let directive = expression("<<EOT\n%{ for x in xs ~}\n${x}\n%{ endfor ~}\nEOT\n")
        #expect(shape(directive) == "\"%{for x in xs}\"${x}\n\"%{endfor}\"")
    }

    @Test("the closing marker may have spaces or tabs before and after it on its line")
    func markerWithSpaces() {
        #expect(literal(expression("<<EOT\nx\n\t EOT \t\n")) == "x\n")
    }

    @Test("a heredoc is followed by more attributes")
    func heredocThenAttributes() {
        let file = parseClean("a = <<EOT\ntext\nEOT\nb = 2\n")
        #expect(file.body.attributes.map(\.name.text) == ["a", "b"])
    }
}
