import BPE
import Foundation
import Testing
import TokenAccounting

private func counter(default cap: Int64 = 4_096) throws -> RequestTokenCounter {
    RequestTokenCounter(encoding: try BPEEncoding.o200kBase, defaultCompletionTokens: cap)
}

private func estimate(_ json: String, _ kind: RequestTokenCounter.RequestKind, default cap: Int64 = 4_096) throws -> TokenEstimate {
    try counter(default: cap).estimate(Data(json.utf8), kind: kind)
}

@Suite("Request token estimates")
struct RequestTokenCounterTests {
    @Test("chat prompts are counted by OpenAI's rule, the same as countChat, names included")
    func chatMatchesCookbookRule() throws {
        let encoding = try BPEEncoding.o200kBase
        let expected = encoding.countChat(messages: [
            ("system", "You are terse.", nil), ("user", "Wie spät ist es in 東京?", "ana"),
        ])
        let body =
            #"{"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Wie spät ist es in 東京?","name":"ana"}],"max_tokens":50}"#
        let result = try estimate(body, .chat)
        #expect(result.prompt == Int64(expected))
        #expect(result.completion == 50 && !result.completionDefaulted)
    }

    @Test("tools, tool calls and response formats add their JSON; images are reserved at their most")
    func toolsAndImages() throws {
        let plain = try estimate(#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}"#, .chat).prompt
        let tools = try estimate(
            #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":1,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"#,
            .chat
        ).prompt
        #expect(tools > plain + 5)
        let image = try estimate(
            #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}],"max_tokens":1}"#,
            .chat
        ).prompt
        #expect(image == plain + 1_445)
        let low = try estimate(
            #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]}],"max_tokens":1}"#,
            .chat
        ).prompt
        #expect(low == plain + 85)
    }

    @Test("the largest cap named counts, times n or best_of, once per prompt; a legacy completion defaults to 16")
    func caps() throws {
        #expect(try estimate(#"{"messages":[],"max_tokens":10,"max_completion_tokens":40}"#, .chat).completion == 40)
        #expect(try estimate(#"{"messages":[],"max_completion_tokens":10,"n":4}"#, .chat).completion == 40)
        let uncapped = try estimate(#"{"messages":[]}"#, .chat, default: 300)
        #expect(uncapped.completion == 300 && uncapped.completionDefaulted)
        #expect(try estimate(#"{"prompt":"Say this is a test"}"#, .completions).completion == 16)
        #expect(try estimate(#"{"prompt":["one","two","three"],"max_tokens":5,"best_of":2,"n":1}"#, .completions).completion == 30)
        #expect(try estimate(#"{"input":"hello","max_output_tokens":64}"#, .responses).completion == 64)
    }

    @Test("a cap written as true, a string or a fraction is not a cap: the default is reserved instead")
    func malformedCaps() throws {
        for cap in ["true", #""8""#, "8.5", "-3"] {
            let result = try estimate(#"{"messages":[],"max_tokens":\#(cap)}"#, .chat, default: 500)
            #expect(result.completion == 500 && result.completionDefaulted, "max_tokens: \(cap)")
        }
        // Absurd caps and counts are clamped, never trapped on.
        let huge = try estimate(#"{"messages":[],"max_tokens":999999999999999,"n":9999999}"#, .chat)
        #expect(huge.completion > 1_000_000_000_000)
    }

    @Test("embeddings count strings and token ids, and generate nothing")
    func embeddings() throws {
        let encoding = try BPEEncoding.o200kBase
        #expect(try estimate(#"{"input":"The food was delicious"}"#, .embeddings).prompt == Int64(encoding.count("The food was delicious")))
        #expect(try estimate(#"{"input":[1,2,3,4]}"#, .embeddings).prompt == 4)
        #expect(try estimate(#"{"input":[[1,2],[3,4,5]]}"#, .embeddings).prompt == 5)
        #expect(try estimate(#"{"input":["a b","c"]}"#, .embeddings).completion == 0)
    }

    @Test("responses count instructions and input items")
    func responses() throws {
        let encoding = try BPEEncoding.o200kBase
        let text = try estimate(#"{"instructions":"Be brief.","input":"Hello there","max_output_tokens":8}"#, .responses)
        #expect(text.prompt == Int64(encoding.count("Be brief.") + encoding.count("Hello there")))
        let items = try estimate(#"{"input":[{"role":"user","content":[{"type":"input_text","text":"Hello there"}]}]}"#, .responses)
        #expect(items.prompt == Int64(3 + encoding.count("user") + encoding.count("Hello there")))
    }

    @Test("a body that is not JSON is counted as text, with the default cap")
    func notJSON() throws {
        let result = try estimate("not json at all", .chat, default: 7)
        #expect(result.prompt == Int64(try BPEEncoding.o200kBase.count("not json at all")) && result.completion == 7)
    }
}

@Suite("Stream usage and prices")
struct StreamUsageTests {
    @Test("usage is asked for streamed requests only, once, keeping the client's other stream options")
    func requestUsage() {
        var plain: [String: Any] = ["messages": [Any]()]
        #expect(!StreamUsage.requestUsage(in: &plain) && plain["stream_options"] == nil)
        var streamed: [String: Any] = ["stream": true, "stream_options": ["chunk_size": 3]]
        #expect(StreamUsage.requestUsage(in: &streamed))
        let options = streamed["stream_options"] as? [String: Any]
        #expect(options?["include_usage"] as? Bool == true && options?["chunk_size"] as? Int == 3)
        var asked: [String: Any] = ["stream": true, "stream_options": ["include_usage": true]]
        #expect(!StreamUsage.requestUsage(in: &asked))
    }

    @Test(
        "stream options go to api-versions from 2024-09-01-preview on, and to the v1 API",
        arguments: [
            ("2024-02-01", false), ("2024-06-01", false), ("2024-08-01-preview", false), ("2024-09-01-preview", true),
            ("2024-10-21", true), ("2025-04-01-preview", true), ("preview", true),
        ])
    func apiVersions(version: String, accepts: Bool) {
        #expect(StreamUsage.acceptsStreamOptions(apiVersion: version) == accepts)
        #expect(StreamUsage.acceptsStreamOptions(apiVersion: nil))
    }

    @Test("the usage event has no choices and a usage object; content filter results and usage: null are not it")
    func usageEvent() {
        #expect(StreamUsage.isUsageEvent(["choices": [Any](), "usage": ["total_tokens": 7]]))
        #expect(!StreamUsage.isUsageEvent(["choices": [Any](), "prompt_filter_results": [Any]()]))
        #expect(!StreamUsage.isUsageEvent(["choices": [["delta": ["content": "x"]]], "usage": NSNull()]))
    }

    @Test("relayed deltas are counted piece by piece: content, refusals, tool arguments, legacy text, responses deltas")
    func deltas() throws {
        let encoding = try BPEEncoding.o200kBase
        var counter = DeltaTokenCounter(encoding: encoding)
        let pieces = ["Hel", "lo, wor", "ld!"]
        for piece in pieces { counter.add(["choices": [["delta": ["content": piece]]]]) }
        #expect(counter.tokens >= Int64(encoding.count(pieces.joined())))
        let before = counter.tokens
        counter.add(["choices": [["delta": ["tool_calls": [["function": ["arguments": "{\"city\":"]]]]]]])
        counter.add(["choices": [["text": " more"]]])
        counter.add(["type": "response.output_text.delta", "delta": "again"])
        counter.add(["choices": [Any](), "usage": ["total_tokens": 9]])
        #expect(counter.tokens == before + Int64(encoding.count("{\"city\":") + encoding.count(" more") + encoding.count("again")))
    }

    @Test("prices are per million tokens, and spend rounds up to the next millionth of a dollar")
    func prices() {
        let price = TokenPrice(inputPerMillion: 2.5, outputPerMillion: 10)
        #expect(price.microUSD(prompt: 1, completion: 0) == 3)
        #expect(price.microUSD(prompt: 1_000_000, completion: 1_000_000) == 12_500_000)
        #expect(TokenEstimate(prompt: 100, completion: 50).microUSD(at: price) == 750)
        #expect(TokenPrice(inputPerMillion: 1e6, outputPerMillion: 1e6).microUSD(prompt: .max / 2, completion: .max / 2) > 0)
    }
}
