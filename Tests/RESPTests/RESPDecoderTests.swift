import NIOCore
import RESP
import Testing

@Suite("RESP decoder")
struct RESPDecoderTests {
    /// Frames and what they decode to, covering every RESP2 and RESP3 type and nesting.
    static let frames: [(String, [UInt8], RESPValue)] = [
        ("simple string", Array("+OK\r\n".utf8), .simpleString("OK")),
        ("error", Array("-ERR unknown command\r\n".utf8), .error("ERR unknown command")),
        ("integer", Array(":1000\r\n".utf8), .integer(1000)),
        ("negative integer", Array(":-42\r\n".utf8), .integer(-42)),
        ("Int64.min", Array(":-9223372036854775808\r\n".utf8), .integer(.min)),
        ("Int64.max", Array(":9223372036854775807\r\n".utf8), .integer(.max)),
        ("bulk string", Array("$5\r\nhello\r\n".utf8), .bulkString(ByteBuffer(string: "hello"))),
        ("binary bulk string", [UInt8]("$4\r\n".utf8) + [0, 13, 10, 255] + [13, 10], .bulkString(ByteBuffer(bytes: [0, 13, 10, 255]))),
        ("empty bulk string", Array("$0\r\n\r\n".utf8), .bulkString(ByteBuffer())),
        ("null bulk string", Array("$-1\r\n".utf8), .bulkString(nil)),
        ("null array", Array("*-1\r\n".utf8), .array(nil)),
        ("empty array", Array("*0\r\n".utf8), .array([])),
        (
            "array", Array("*3\r\n:1\r\n$3\r\nfoo\r\n+bar\r\n".utf8),
            .array([.integer(1), .bulkString(ByteBuffer(string: "foo")), .simpleString("bar")])
        ),
        (
            "nested arrays", Array("*2\r\n*2\r\n:1\r\n*0\r\n*1\r\n$-1\r\n".utf8),
            .array([.array([.integer(1), .array([])]), .array([.bulkString(nil)])])
        ),
        ("RESP3 null", Array("_\r\n".utf8), .null),
        ("RESP3 double", Array(",3.25\r\n".utf8), .double(3.25)),
        ("RESP3 infinity", Array(",-inf\r\n".utf8), .double(-.infinity)),
        ("RESP3 booleans", Array("*2\r\n#t\r\n#f\r\n".utf8), .array([.boolean(true), .boolean(false)])),
        (
            "RESP3 big number", Array("(3492890328409238509324850943850943825024385\r\n".utf8),
            .bigNumber("3492890328409238509324850943850943825024385")
        ),
        ("RESP3 blob error", Array("!21\r\nSYNTAX invalid syntax\r\n".utf8), .error("SYNTAX invalid syntax")),
        (
            "RESP3 verbatim string", Array("=15\r\ntxt:Some string\r\n".utf8),
            .verbatimString(format: "txt", text: ByteBuffer(string: "Some string"))
        ),
        (
            "RESP3 map", Array("%2\r\n+first\r\n:1\r\n+second\r\n*1\r\n:2\r\n".utf8),
            .map([
                .init(key: .simpleString("first"), value: .integer(1)),
                .init(key: .simpleString("second"), value: .array([.integer(2)])),
            ])
        ),
        ("RESP3 set", Array("~2\r\n+a\r\n+b\r\n".utf8), .set([.simpleString("a"), .simpleString("b")])),
        ("RESP3 push", Array(">2\r\n+message\r\n:7\r\n".utf8), .push([.simpleString("message"), .integer(7)])),
        ("RESP3 attribute dropped", Array("|1\r\n+ttl\r\n:3600\r\n*1\r\n:5\r\n".utf8), .array([.integer(5)])),
        ("RESP3 attribute inside an array", Array("*2\r\n:1\r\n|1\r\n+a\r\n+b\r\n:2\r\n".utf8), .array([.integer(1), .integer(2)])),
    ]

    @Test("every frame decodes to its value, whole", arguments: frames.indices)
    func whole(index: Int) throws {
        let (_, bytes, expected) = Self.frames[index]
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        #expect(try decoder.decode(buffer: &buffer) == expected)
        #expect(buffer.readableBytes == 0)
        #expect(!decoder.isMidReply)
    }

    @Test("every frame split at every offset decodes to the same value, and nothing before the last byte", arguments: frames.indices)
    func splitAtEveryOffset(index: Int) throws {
        let (name, bytes, expected) = Self.frames[index]
        for split in 1..<bytes.count {
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(bytes: bytes[..<split])
            #expect(try decoder.decode(buffer: &buffer) == nil, "\(name) split at \(split)")
            buffer.writeBytes(bytes[split...])
            #expect(try decoder.decode(buffer: &buffer) == expected, "\(name) split at \(split)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("all frames fed one byte at a time come out in order")
    func byteByByte() throws {
        let stream = Self.frames.flatMap(\.1)
        var decoder = RESPDecoder()
        var buffer = ByteBuffer()
        var values: [RESPValue] = []
        for byte in stream {
            buffer.writeInteger(byte)
            while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
            buffer.discardReadBytes()
        }
        #expect(values == Self.frames.map(\.2))
    }

    @Test("several replies in one read come out one by one, in order")
    func pipelinedReplies() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: ":1\r\n:2\r\n$1\r\nx\r\n:3")
        #expect(try decoder.decode(buffer: &buffer) == .integer(1))
        #expect(try decoder.decode(buffer: &buffer) == .integer(2))
        #expect(try decoder.decode(buffer: &buffer) == .bulkString(ByteBuffer(string: "x")))
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeString("\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .integer(3))
    }

    static let malformed: [(String, String)] = [
        ("unknown type byte", "?what\r\n"),
        ("integer with letters", ":12a\r\n"),
        ("empty integer", ":\r\n"),
        ("integer overflow", ":9223372036854775808\r\n"),
        ("bare LF", "+OK\n"),
        ("CR without LF", "+O\rK\r\n"),
        ("bulk length with letters", "$x\r\nabc\r\n"),
        ("negative bulk length", "$-2\r\n"),
        ("bulk without its CRLF", "$3\r\nabcXY"),
        ("null map", "%-1\r\n"),
        ("negative array", "*-5\r\n"),
        ("boolean other than t or f", "#x\r\n"),
        ("malformed double", ",1.2.3\r\n"),
        ("null with content", "_x\r\n"),
        ("verbatim without format", "=2\r\nab\r\n"),
        ("malformed big number", "(12x\r\n"),
        ("streamed string", "$?\r\n;4\r\nabcd\r\n;0\r\n"),
    ]

    @Test("malformed input throws a protocol error, never traps", arguments: malformed.indices)
    func malformedInput(index: Int) {
        let (name, text) = Self.malformed[index]
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: text)
        #expect(throws: RESPError.protocolError, "\(name)") { _ = try decoder.decode(buffer: &buffer) }
    }

    @Test("a bulk length over the limit is refused before any body arrives")
    func hugeBulkRefused() {
        var decoder = RESPDecoder(limits: .init(maxBulkLength: 1024))
        var buffer = ByteBuffer(string: "$1025\r\n")
        #expect(throws: RESPError.protocolError) { _ = try decoder.decode(buffer: &buffer) }
        var defaults = RESPDecoder()
        var huge = ByteBuffer(string: "$9223372036854775807\r\n")
        #expect(throws: RESPError.protocolError) { _ = try defaults.decode(buffer: &huge) }
    }

    @Test("aggregates over the count or depth limit are refused")
    func aggregateLimits() throws {
        var decoder = RESPDecoder(limits: .init(maxAggregateCount: 10))
        var buffer = ByteBuffer(string: "*11\r\n")
        #expect(throws: RESPError.protocolError) { _ = try decoder.decode(buffer: &buffer) }
        var shallow = RESPDecoder(limits: .init(maxDepth: 3))
        var deep = ByteBuffer(string: String(repeating: "*1\r\n", count: 4) + ":1\r\n")
        #expect(throws: RESPError.protocolError) { _ = try shallow.decode(buffer: &deep) }
        var justDeepEnough = RESPDecoder(limits: .init(maxDepth: 3))
        var three = ByteBuffer(string: String(repeating: "*1\r\n", count: 3) + ":1\r\n")
        #expect(try justDeepEnough.decode(buffer: &three) == .array([.array([.array([.integer(1)])])]))
    }

    @Test("a line longer than the limit is refused even before its CRLF arrives")
    func longLineRefused() throws {
        var decoder = RESPDecoder(limits: .init(maxLineLength: 16))
        var buffer = ByteBuffer(string: "+" + String(repeating: "a", count: 40))
        #expect(throws: RESPError.protocolError) { _ = try decoder.decode(buffer: &buffer) }
        var ok = RESPDecoder(limits: .init(maxLineLength: 16))
        var exact = ByteBuffer(string: "+" + String(repeating: "a", count: 16) + "\r\n")
        #expect(try ok.decode(buffer: &exact) == .simpleString(String(repeating: "a", count: 16)))
    }

    @Test("random bytes never trap the decoder")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("+-:$*%~>|_,#(!=\r\n0123456789-?ab".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 1...40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            var decoder = RESPDecoder(limits: .init(maxBulkLength: 64, maxAggregateCount: 8, maxDepth: 4, maxLineLength: 32))
            var buffer = ByteBuffer(bytes: bytes)
            do throws(RESPError) {
                while try decoder.decode(buffer: &buffer) != nil {}
            } catch {
                #expect(error == .protocolError)
            }
        }
    }
}
