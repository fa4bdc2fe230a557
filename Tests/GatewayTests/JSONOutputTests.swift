import Foundation
import Logging
import NIOCore
import Synchronization
import Testing

@testable import Gateway
@testable import PromptGuards

@Suite("JSON log lines")
struct JSONLogLineTests {
    @Test("a line parses back to the same metadata, keys in byte order, nested values included")
    func roundTrip() throws {
        let metadata: Logger.Metadata = [
            "zeta": "last", "alpha": .stringConvertible(42), "Beta": .array(["x", .dictionary(["b": "2", "a": "1"])]),
            "request.id": "abc", "empty": "",
        ]
        let line = String(decoding: JSONLogLine.object(metadata), as: UTF8.self)
        #expect(line == #"{"Beta":["x",{"a":"1","b":"2"}],"alpha":"42","empty":"","request.id":"abc","zeta":"last"}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(parsed["alpha"] as? String == "42")
        #expect((parsed["Beta"] as? [Any])?.count == 2)
    }

    @Test("every control character, quote, backslash and non-ASCII text comes back unchanged")
    func escaping() throws {
        var text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        text += #"quote " backslash \ slash / "# + "é 日本 🙂 \u{2028} \u{7f}"
        let bytes = JSONLogLine.object(["text": .string(text)])
        // Nothing below U+0020 is written raw: a reader splitting lines never sees a line break inside a value.
        #expect(!bytes.contains { $0 < 0x20 })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String])
        #expect(parsed["text"] == text)
    }

    @Test("the time stamp is what Date.formatted(.iso8601) writes, across years, months and leap days")
    func timestamp() {
        for seconds in [0, 951_782_400, 1_709_164_799, 1_800_000_000.75, 4_102_444_799, 1_234_567_890] as [Double] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(JSONLogLine.timestamp(date) == date.formatted(.iso8601))
        }
    }

    @Test("the handler writes one line per event with the fixed fields, which metadata cannot replace")
    func handler() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "bulwark.test", sink: .init { line in lines.withLock { $0.append(line) } })
        handler[metadataKey: "replica"] = "a"
        let logger = Logger(label: "bulwark.test") { _ in handler }
        logger.warning("first\nsecond", metadata: ["message": "spoofed", "status": .stringConvertible(429)])
        let written = lines.withLock { $0 }
        #expect(written.count == 1 && written[0].hasSuffix("}\n") && written[0].filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: String])
        #expect(object["message"] == "first\nsecond")
        #expect(object["level"] == "warning" && object["label"] == "bulwark.test" && object["replica"] == "a")
        #expect(object["status"] == "429")
        #expect(object["time"].map { (try? Date($0, strategy: .iso8601)) != nil } == true)
    }

    @Test("latency is written with one decimal, as %.1f writes it")
    func tenths() {
        for value in [0, 0.04, 0.06, 0.94, 0.96, 1.0, 12.345, 999.99, 1234.5678, 0.123456] {
            #expect(RequestRecorder.tenths(value) == String(format: "%.1f", value), "\(value)")
        }
    }

    @Test("byte search finds a needle anywhere in the readable bytes, and nothing outside them")
    func byteSearch() {
        var buffer = ByteBuffer(string: #"xx{"model":"a","stream":true}"#)
        #expect(buffer.containsBytes(Array(#""stream""#.utf8)))
        #expect(buffer.containsBytes(Array("xx".utf8)) && buffer.containsBytes(Array("}".utf8)))
        #expect(!buffer.containsBytes(Array(#""usage""#.utf8)))
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(!buffer.containsBytes(Array("xx".utf8)))
        #expect(!ByteBuffer().containsBytes(Array("a".utf8)))
        #expect(!ByteBuffer(string: "ab").containsBytes(Array("abc".utf8)))
    }
}

@Suite("JSON written without Foundation")
struct JSONOutputTests {
    /// What `JSONSerialization` writes for the same value, with the options the gateway used before.
    static func foundationBytes(_ value: JSONOutput) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: value.foundationValue, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    @Test("refusals are byte for byte what JSONSerialization wrote: plain, and in the content-filter shape")
    func refusals() throws {
        let messages = ["Access denied.", "quote \" backslash \\ slash / tab\tend", "line\nbreak \u{1} é 🙂 \u{2028}", ""]
        for message in messages {
            let error = GatewayError(.tooManyRequests, code: .rateLimitExceeded, message)
            let old = try JSONSerialization.data(
                withJSONObject: ["error": ["code": "rate_limit_exceeded", "message": message]],
                options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(error.body() == Array(old), "\(message)")
        }
        let findings = [
            GuardFinding(guardName: .promptInjection, verdict: .block, score: 0.987_654, details: ["override", "role-play"]),
            GuardFinding(guardName: .personalData, verdict: .block, score: nil, details: ["email"]),
            GuardFinding(guardName: .blocklist, verdict: .block, score: 1.0, details: ["secret term"]),
        ]
        for finding in findings {
            let error = GatewayError.contentFilter(finding, param: "messages")
            let result = GatewayError.contentFilterResult(finding)
            #expect(try Self.foundationBytes(result) == result.bytes)
            let whole: JSONOutput = [
                "error": [
                    "code": "content_filter", "message": .string(error.message), "param": "messages", "status": 400,
                    "innererror": ["code": "ResponsibleAIPolicyViolation", "content_filter_result": result],
                ]
            ]
            #expect(error.body() == whole.bytes)
            #expect(try Self.foundationBytes(whole) == whole.bytes)
        }
    }

    @Test("every kind of value, nested, matches JSONSerialization with sorted keys")
    func values() throws {
        let value: JSONOutput = [
            "b": [1, -2, 0, .int(Int.max), .int(Int.min)], "a": ["z": true, "y": false, "x": .null],
            "doubles": [.double(12), .double(0.25), .double(-0.5), .double(1e-5), .double(123_456.789)], "empty": [:], "list": [],
            "text": .string("\u{0}\u{1f}\u{7f}\"\\/"),
        ]
        #expect(try Self.foundationBytes(value) == value.bytes)
        #expect(String(decoding: JSONOutput.double(.infinity).bytes, as: UTF8.self) == "null")
        // Every control character (\b and \f included) and the characters around them, one by one.
        for scalar in (0..<0x80).compactMap(UnicodeScalar.init) + ["\u{2028}", "é", "🙂"] {
            let text: JSONOutput = ["k": .string("a\(scalar)b")]
            #expect(try Self.foundationBytes(text) == text.bytes, "U+\(String(scalar.value, radix: 16))")
        }
    }
}
