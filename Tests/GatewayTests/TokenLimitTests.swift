import AsyncHTTPClient
import Foundation
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RateLimits
import Synchronization
import Testing

/// A ledger in memory: what the gateway recorded, one entry per request id.
final class RecordingLedger: UsageLedger {
    let records = Mutex<[String: UsageRecord]>([:])

    func record(_ batch: [UsageRecord]) async throws(UsageLedgerError) {
        records.withLock { records in
            for record in batch where records[record.requestID] == nil { records[record.requestID] = record }
        }
    }

    func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal] { [] }

    var all: [UsageRecord] { records.withLock { Array($0.values) } }
}

@Suite("Gateway token and spend limits")
struct TokenLimitTests {
    static let path = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"

    static func send(_ client: any TestClientProtocol, _ secret: String, _ body: String, path: String = path) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: [HTTPField.Name("api-key")!: secret], body: ByteBuffer(string: body))
    }

    static func remainingTokens(_ response: TestResponse) -> Int? {
        LimitTests.header(response, "x-ratelimit-remaining-tokens").flatMap { Int($0) }
    }

    static func errorCode(_ response: TestResponse) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: Any]]
        return object?["error"]?["code"] as? String
    }

    /// `{"messages":[{"role":"user","content":"hi"}]}` with o200k_base: 3 + (3 + 1 + 1) = 8 prompt tokens.
    static let hello = #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10}"#

    @Test("a token rate reserves prompt plus cap, settles to the reported usage, and says so in x-ratelimit-*-tokens")
    func reserveAndSettle() async throws {
        try await LimitTests.withGateway(limits: "limits: { rules: [ { name: tpm, scope: key, tokens: 1000, per: 3600s } ] }") {
            client, secrets, _ in
            let first = try await Self.send(client, secrets[0], Self.hello)
            #expect(first.status == .ok)
            #expect(LimitTests.header(first, "x-ratelimit-limit-tokens") == "1000")
            #expect(Self.remainingTokens(first) == 1000 - 18, "8 prompt tokens and a cap of 10 reserved")
            // The fake reported 3 tokens: the 15 reserved and unused came back before the next request.
            let second = try await Self.send(client, secrets[0], Self.hello)
            #expect(Self.remainingTokens(second) == 1000 - 3 - 18)
        }
    }

    @Test("max_tokens=1 does not slip a large prompt past a token limit: it can never fit, and is refused as such")
    func largePromptNeverFits() async throws {
        try await LimitTests.withGateway(limits: "limits: { rules: [ { name: tpm, scope: key, tokens: 50, per: 60s } ] }") {
            client, secrets, upstream in
            let prompt = String(repeating: "lorem ipsum dolor sit amet ", count: 40)
            let response = try await Self.send(
                client, secrets[0], #"{"messages":[{"role":"user","content":"\#(prompt)"}],"max_tokens":1}"#)
            #expect(response.status == .badRequest)
            #expect(Self.errorCode(response) == "request_too_large")
            #expect(LimitTests.header(response, "x-should-retry") == "false")
            #expect(upstream.received.withLock { $0.isEmpty })
        }
    }

    @Test("with no completion cap the configured default is reserved; n multiplies the cap")
    func defaultCap() async throws {
        try await LimitTests.withGateway(
            limits: "limits: { defaultCompletionTokens: 100, rules: [ { name: tpm, scope: key, tokens: 1000, per: 3600s } ] }"
        ) { client, secrets, _ in
            let uncapped = try await Self.send(client, secrets[0], #"{"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(Self.remainingTokens(uncapped) == 1000 - 108)
            let many = try await Self.send(client, secrets[1], #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10,"n":3}"#)
            #expect(Self.remainingTokens(many) == 1000 - 38)
        }
    }

    @Test("a stream is asked for usage on the client's behalf, that event is kept from the client, and settles the tokens")
    func streamUsage() async throws {
        try await LimitTests.withGateway(limits: "limits: { rules: [ { name: tpm, scope: key, tokens: 1000, per: 3600s } ] }") {
            client, secrets, upstream in
            let streamed = try await Self.send(
                client, secrets[0], #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10,"stream":true}"#)
            let text = String(buffer: streamed.body)
            #expect(text.contains("Hel") && text.contains("[DONE]"))
            #expect(!text.contains("usage"), "the client did not ask for usage: \(text)")
            let sent = try #require(upstream.received.withLock { $0.last?.body })
            #expect(sent.contains(#""include_usage":true"#))
            // Settled to the 7 tokens the stream reported.
            let next = try await Self.send(client, secrets[0], Self.hello)
            #expect(Self.remainingTokens(next) == 1000 - 7 - 18)
            // A client that asks sees the event.
            let asked = try await Self.send(
                client, secrets[1],
                #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10,"stream":true,"stream_options":{"include_usage":true}}"#)
            #expect(String(buffer: asked.body).contains(#""total_tokens":7"#))
        }
    }

    @Test("an api-version older than stream options is not sent them; the relayed deltas settle the stream")
    func oldAPIVersionCountsDeltas() async throws {
        try await LimitTests.withGateway(limits: "limits: { rules: [ { name: tpm, scope: key, tokens: 1000, per: 3600s } ] }") {
            client, secrets, upstream in
            let old = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01"
            let streamed = try await Self.send(
                client, secrets[0], #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10,"stream":true}"#, path: old)
            #expect(streamed.status == .ok)
            #expect(upstream.received.withLock { $0.last?.body.contains("stream_options") } == false)
            // 8 prompt tokens estimated, and "Hel" + "lo" counted: 2 tokens.
            let next = try await Self.send(client, secrets[0], Self.hello)
            #expect(Self.remainingTokens(next) == 1000 - 10 - 18)
        }
    }

    @Test("a stream the upstream cuts is settled from what was relayed; an upstream failure settles to zero tokens")
    func interruptedAndFailed() async throws {
        try await LimitTests.withGateway(limits: "limits: { rules: [ { name: tpm, scope: key, tokens: 1000, per: 3600s } ] }") {
            client, secrets, upstream in
            _ = try? await Self.send(
                client, secrets[0], #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":10,"stream":true,"drop":true}"#)
            // The dropped stream closed the test client's connection: the rest go on new ones.
            let port = try #require(client.port)
            func fresh(_ secret: String) async throws -> (status: Int, remaining: Int?) {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(Self.path)")
                request.method = .POST
                request.headers.add(name: "api-key", value: secret)
                request.body = .bytes(ByteBuffer(string: Self.hello))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                return (Int(response.status.code), response.headers.first(name: "x-ratelimit-remaining-tokens").flatMap { Int($0) })
            }
            // The prompt is 8 tokens ("drop" is not a message) and "Hel" was relayed: 1 token. The gateway settles the
            // cut stream before it closes the client's connection, so it is settled by now.
            #expect(try await fresh(secrets[0]).remaining == 1000 - 9 - 18)
            #expect(try await fresh(secrets[1]).remaining == 1000 - 18, "the other key's counter is apart")
            upstream.failures.withLock { $0 = [500] }
            #expect(try await fresh(secrets[1]).status == 500)
            #expect(try await fresh(secrets[1]).remaining == 1000 - 3 - 18, "the failure gave back all it reserved")
        }
    }

    @Test("a key's own token limit is enforced like a configured one")
    func keyTokenLimit() async throws {
        try await LimitTests.withGateway(limits: "", keyLimits: ["tokens=30/3600s"]) { client, secrets, _ in
            #expect(try await Self.send(client, secrets[0], Self.hello).status == .ok)
            // 3 used, and 8 + 20 more does not fit in 30 until some of the hour has passed.
            let refused = try await Self.send(client, secrets[0], #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":20}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(Self.errorCode(refused) == "rate_limit_exceeded")
            #expect(try await Self.send(client, secrets[1], Self.hello).status == .ok, "keys without limits are not limited")
        }
    }

    @Test("a budget counts spend from prices, refuses with insufficient_quota once spent, and the ledger keeps each request")
    func budget() async throws {
        let ledger = RecordingLedger()
        // $1,000 per million tokens both ways: 1,000 millionths of a dollar per token. A request reserves 18 tokens
        // ($0.018) and spends 3 ($0.003); $0.03 a day admits the first few, then the reservation no longer fits.
        let limits = """
            limits:
              prices: { gpt-4o: { input: 1000, output: 1000 } }
              rules: [ { name: daily, scope: identity, usd: 0.03, period: day, deployments: [gpt-4o] } ]
            """
        try await LimitTests.withGateway(limits: limits, ledger: ledger) { client, secrets, _ in
            // Each admitted request leaves $0.003 spent; the sixth would need $0.015 + $0.018 > $0.03.
            for _ in 0..<5 { #expect(try await Self.send(client, secrets[0], Self.hello).status == .ok) }
            let refused = try await Self.send(client, secrets[0], Self.hello)
            #expect(refused.status == .tooManyRequests && Self.errorCode(refused) == "insufficient_quota")
            #expect(LimitTests.header(refused, "x-should-retry") == "false")
            let message = String(buffer: refused.body)
            #expect(message.contains("Quota 'daily' ($0.03 per day for this caller)"), "\(message)")
        }
        let records = ledger.all
        #expect(records.count == 5, "one record per forwarded request, none for the refusal")
        #expect(records.allSatisfy { $0.promptTokens == 2 && $0.completionTokens == 1 && $0.microUSD == 3_000 && $0.status == 200 })
        #expect(Set(records.map(\.deployment)) == ["gpt-4o"])
        #expect(records.allSatisfy { $0.keyPrefix == $0.identity && !$0.policy.isEmpty })
    }

    @Test("a key's spend limit on a deployment without a price is refused, not counted as free")
    func unpricedBudget() async throws {
        try await LimitTests.withGateway(limits: "", keyLimits: ["usd=5/month"]) { client, secrets, upstream in
            let response = try await Self.send(client, secrets[0], Self.hello)
            #expect(response.status == .forbidden && Self.errorCode(response) == "price_not_configured")
            #expect(upstream.received.withLock { $0.isEmpty })
        }
    }
}
