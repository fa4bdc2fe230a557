import Foundation
import PromptGuards
import SensitiveData
import Testing

@Suite("Redaction")
struct RedactionTests {
    @Test("masking uses stable placeholders within a request, and restores them")
    func masks() {
        var table = PlaceholderTable()
        let redactor = Redactor()
        let result = redactor.redact("mail jane@contoso.com, then jane@contoso.com and bob@contoso.com; card 4111 1111 1111 1111", placeholders: &table)
        #expect(result.text == "mail [EMAIL_1], then [EMAIL_1] and [EMAIL_2]; card [CREDIT_CARD_1]")
        #expect(result.blocked.isEmpty)
        #expect(table.restore("Write to [EMAIL_2] about [CREDIT_CARD_1].") == "Write to bob@contoso.com about 4111 1111 1111 1111.")
        #expect(PlaceholderTable().restore("[EMAIL_1]") == "[EMAIL_1]", "another request's table restores nothing")
    }

    @Test("per-kind actions: allow, hash (keyed, stable), block")
    func actions() {
        let policy = RedactionPolicy(personalData: .allow, secrets: .block, overrides: [.email: .hash])
        let redactor = Redactor(policy: policy, hashKey: .init(data: Array("k".utf8)))
        let first = redactor.redact("jane@contoso.com 192.168.1.20")
        let second = redactor.redact("jane@contoso.com")
        #expect(first.text.hasPrefix("[EMAIL:") && first.text.hasSuffix("] 192.168.1.20"))
        #expect(first.text.prefix(20) == second.text.prefix(20), "the same value hashes the same")
        #expect(redactor.redact("AKIAIOSFODNN7EXAMPLE").blocked == [.awsAccessKey])
    }
}
