@testable import Gateway
import NIOCore
import Testing

@Suite("Token usage in upstream answers")
struct TokenUsageTests {
    static func usage(_ chunks: [String], capacity: Int = 64 * 1024) -> TokenUsage? {
        var tail = TokenUsageTail(capacity: capacity)
        for chunk in chunks { tail.append(ByteBuffer(string: chunk)) }
        return tail.usage()
    }

    @Test("a JSON answer's usage, split across chunks, with nested details")
    func jsonAnswer() {
        let usage = Self.usage([
            #"{"choices":[{"message":{"content":"a \"usage\": {} brace } in text"}}],"us"#,
            #"age" : {"prompt_tokens":12,"completion_tokens":30,"total_tokens":42,"prompt_tokens_details":{"cached_tokens":0}}}"#,
        ])
        #expect(usage == TokenUsage(prompt: 12, completion: 30, total: 42))
    }

    @Test("a stream's last usage event wins; null usage in earlier events is skipped")
    func streamedAnswer() {
        let usage = Self.usage([
            "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n",
            "data: [DONE]\n\n",
        ])
        #expect(usage == TokenUsage(prompt: 5, completion: 2, total: 7))
    }

    @Test("the Responses API's names count, and a count of the wrong type is absent without dropping the others")
    func responsesNamesAndWrongTypes() {
        #expect(
            Self.usage([#"{"output":[],"usage":{"input_tokens":9,"output_tokens":4,"total_tokens":13}}"#])
                == TokenUsage(prompt: 9, completion: 4, total: 13))
        #expect(
            Self.usage([#"{"usage":{"prompt_tokens":"9","completion_tokens":4}}"#]) == TokenUsage(prompt: 0, completion: 4, total: 4))
        #expect(Self.usage([#"{"usage":{"prompt_tokens":"9","note":true}}"#]) == nil)
    }

    @Test("embeddings report prompt tokens only")
    func embeddings() {
        #expect(
            Self.usage([#"{"data":[{"embedding":[0.1,0.2]}],"usage":{"prompt_tokens":8,"total_tokens":8}}"#])
                == TokenUsage(prompt: 8, completion: 0, total: 8))
    }

    @Test(
        "no usage, a cut-off usage object, or one pushed out of the tail gives nothing",
        arguments: [
            [#"{"choices":[]}"#],
            [#"{"choices":[],"usage":{"prompt_tokens":5,"#],
            [#"{"usage":{"total_tokens":9}}"#, String(repeating: "x", count: 100)],
            [#"{"usage":{"total_tokens":9}}"#, String(repeating: "x", count: 50), String(repeating: "x", count: 60)],
        ])
    func noUsage(chunks: [String]) {
        #expect(Self.usage(chunks, capacity: 64) == nil)
    }

    @Test("the tail keeps only the last bytes of a long body")
    func boundedTail() {
        let filler = String(repeating: "[0.123456789],", count: 20_000)
        #expect(
            Self.usage([#"{"data":["#, filler, filler, #"0],"usage":{"prompt_tokens":3,"total_tokens":3}}"#], capacity: 1024)
                == TokenUsage(prompt: 3, completion: 0, total: 3))
    }
}
