import BPE
import Testing

@Suite("Token ids equal the reference's")
struct ReferenceTests {
    static let fixture = ReferenceFixture.shared

    @Test("o200k_base: every fixture text encodes to the reference's ids, and counts and decodes to match")
    func o200k() throws {
        let encoding = try BPEEncoding.named(.o200kBase)
        var mismatches = 0
        for sample in Self.fixture.cases {
            let ids = encoding.encode(sample.text)
            if ids != sample.o200k {
                mismatches += 1
                Issue.record("o200k_base \(sample.text.debugDescription): \(ids) != reference \(sample.o200k)")
            }
            #expect(encoding.count(sample.text) == sample.o200k.count)
            #expect(try encoding.decode(ids) == Array(sample.text.utf8))
        }
        #expect(mismatches == 0)
        #expect(Self.fixture.cases.count >= 900)
    }

    @Test("cl100k_base: every fixture text encodes to the reference's ids, and counts and decodes to match")
    func cl100k() throws {
        let encoding = try BPEEncoding.named(.cl100kBase)
        var mismatches = 0
        for sample in Self.fixture.cases {
            let ids = encoding.encode(sample.text)
            if ids != sample.cl100k {
                mismatches += 1
                Issue.record("cl100k_base \(sample.text.debugDescription): \(ids) != reference \(sample.cl100k)")
            }
            #expect(encoding.count(sample.text) == sample.cl100k.count)
            #expect(try encoding.decode(ids) == Array(sample.text.utf8))
        }
        #expect(mismatches == 0)
    }

    @Test("Well-known ids: 'hello world' and 'Hello, world!'")
    func knownIds() throws {
        #expect(try BPEEncoding.cl100kBase.encode("hello world") == [15339, 1917])
        #expect(try BPEEncoding.o200kBase.encode("Hello, world!") == [13225, 11, 2375, 0])
    }

    @Test("Chat counts follow the cookbook: 129 (cl100k_base) and 124 (o200k_base) for its example, and the others")
    func chatCounts() throws {
        for chat in Self.fixture.chats {
            let messages = chat.messages.map { (role: $0["role"]!, content: $0["content"]!, name: $0["name"]) }
            #expect(try BPEEncoding.o200kBase.countChat(messages: messages) == chat.o200k)
            #expect(try BPEEncoding.cl100kBase.countChat(messages: messages) == chat.cl100k)
        }
        #expect(Self.fixture.chats.first?.cl100k == 129)
        #expect(Self.fixture.chats.first?.o200k == 124)
    }
}
