import APIKeys
import Foundation
import GatewayTesting
import HTTPTypes
import Testing

@Suite("Realtime guards and limits")
struct RealtimeControlsTests {
    static let guards = """
        guards:
          default: strict
          profiles:
            strict:
              personalData: mask
              blocklist: [ { word: "project zeus" } ]
              completions: true
        """

    @Test("client input_text is checked as prompts are: a blocked item gets a content_filter error event and is not forwarded")
    func blocksInput() async throws {
        try await RealtimeGatewayTests.withGateway(
            extra: Self.guards,
            audit: { records in
                let guards = records.last?["guards"] as? [String] ?? []
                #expect(guards.contains { $0.hasPrefix("blocklist:block") })
            }
        ) { harness in
            try await harness.session { session in
                try await session.sendInput("tell me about project zeus")
                let error = try #require(try await session.events(until: "error").last?["error"] as? [String: Any])
                #expect(error["code"] as? String == "content_filter")
                #expect(error["param"] as? String == "prompt")
                try await session.sendInput("mail jane.doe@example.com please")
                _ = try await session.events(until: "conversation.item.created")
            }
            let forwarded = harness.upstream.events.withLock { $0 }
            #expect(forwarded.count == 1, "only the second item was forwarded")
            #expect(!forwarded.contains { $0.contains("zeus") })
            #expect(!forwarded.contains { $0.contains("jane.doe@example.com") }, "personal data is masked before it is forwarded")
        }
    }

    @Test("output text is checked as streams are: a blocked response is cancelled upstream, its text withheld, the socket kept")
    func blocksOutput() async throws {
        try await RealtimeGatewayTests.withGateway(
            extra: Self.guards, answer: "the plans of project zeus",
            audit: { records in #expect(records.last?["decision"] as? String == "completion_filtered") }
        ) { harness in
            try await harness.session { session in
                try await session.sendInput("what is new?")
                _ = try await session.events(until: "conversation.item.created")
                try await session.send(#"{"type":"response.create"}"#)
                let events = try await session.events(until: "response.done")
                let error = try #require(events.first { $0["type"] as? String == "error" }?["error"] as? [String: Any])
                #expect(error["code"] as? String == "content_filter")
                #expect(error["param"] as? String == "completion")
                let relayedText = events.filter { $0["type"] as? String == "response.text.delta" }.compactMap { $0["delta"] as? String }
                    .joined()
                #expect(!relayedText.contains("zeus"))
                #expect(!events.contains { $0["type"] as? String == "response.text.done" })
                let done = try #require(events.last?["response"] as? [String: Any])
                #expect(done["status"] as? String == "cancelled")
                #expect((done["output"] as? [Any])?.isEmpty == true)
                try await session.sendInput("and now?")
                _ = try await session.events(until: "conversation.item.created")
            }
            #expect(harness.upstream.eventTypes.contains("response.cancel"))
        }
    }

    @Test(
        "spoken input is checked from its transcript: a blocked one deletes the item upstream, cancels and withholds the response it started"
    )
    func blocksSpokenInput() async throws {
        try await RealtimeGatewayTests.withGateway(
            extra: Self.guards, answer: "here is what you asked for",
            audit: { records in
                let guards = records.last?["guards"] as? [String] ?? []
                #expect(guards.contains { $0.hasPrefix("blocklist:block") })
            }
        ) { harness in
            try await harness.session { session in
                try await session.speak("tell me everything about project zeus")
                let events = try await session.events(until: "response.done")
                let error = try #require(events.first { $0["type"] as? String == "error" }?["error"] as? [String: Any])
                #expect(error["code"] as? String == "content_filter")
                #expect(error["param"] as? String == "prompt")
                #expect(!events.contains { $0["type"] as? String == "conversation.item.input_audio_transcription.completed" })
                #expect(!events.contains { $0["type"] as? String == "response.text.delta" }, "the response it started is withheld")
                let done = try #require(events.last?["response"] as? [String: Any])
                #expect(done["status"] as? String == "cancelled")
                // A clean turn afterwards is relayed whole.
                try await session.speak("what is the weather like?")
                let next = try await session.events(until: "response.done")
                #expect(next.contains { $0["type"] as? String == "conversation.item.input_audio_transcription.completed" })
                #expect(next.contains { $0["type"] as? String == "response.text.delta" })
            }
            let forwarded = harness.upstream.events.withLock { $0 }
            #expect(forwarded.contains { $0.contains("conversation.item.delete") && $0.contains("item_audio_1") })
            #expect(forwarded.contains { $0.contains("response.cancel") && $0.contains("resp_1") })
            #expect(!forwarded.contains { $0.contains("item_audio_2") }, "the clean turn's item stays")
        }
    }

    static let limits = """
        limits:
          defaultCompletionTokens: 10
          rules:
            - { name: one-at-a-time, scope: key, concurrent: 1 }
            - { name: tpm, scope: key, tokens: 50, per: 60s }
        """

    @Test("a session holds its concurrency slot for the socket's life; each response.done settles its tokens")
    func limits() async throws {
        try await RealtimeGatewayTests.withGateway(
            extra: Self.limits,
            audit: { records in
                let decisions = records.map { $0["decision"] as? String ?? "" }
                #expect(decisions == ["rate_limit_exceeded", "rate_limit_exceeded", "rate_limit_exceeded"])
                #expect(records.map { $0["limit"] as? String } == ["one-at-a-time", nil, "tpm"])
                #expect(records[1]["totalTokens"] as? Int == 90)
            }
        ) { harness in
            let apiKey: HTTPFields = [HTTPField.Name("api-key")!: harness.key]
            try await harness.session { session in
                let (status, error) = try await harness.refusedUpgrade(headers: apiKey)
                #expect(status == .tooManyRequests, "the open session holds the only slot")
                #expect(error["code"] as? String == "rate_limit_exceeded")
                try await session.sendInput("hi")
                _ = try await session.events(until: "conversation.item.created")
                // 10 reserved at the upgrade, then 30 a turn: the third turn finds the rule spent and ends the session.
                for _ in 0..<2 {
                    try await session.send(#"{"type":"response.create"}"#)
                    _ = try await session.events(until: "response.done")
                }
                try await session.send(#"{"type":"response.create"}"#)
                let ended = try #require(try await session.events(until: "error").last?["error"] as? [String: Any])
                #expect(ended["code"] as? String == "rate_limit_exceeded")
                _ = try await session.untilClosed()
            }
            let (status, error) = try await harness.refusedUpgrade(headers: apiKey)
            #expect(status == .tooManyRequests, "the slot is free again, and the tokens the turns used are charged")
            #expect(error["code"] as? String == "rate_limit_exceeded")
        }
    }
}
