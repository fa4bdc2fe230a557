import NIOCore
@testable import RESP
import Testing

@Suite("RESP commands and errors")
struct RESPCommandTests {
    @Test("an error says whether its command may have run: after a timeout or a reply yes, before any write no")
    func mayHaveRun() {
        #expect(RESPError.timeout.mayHaveRun)
        #expect(RESPError.protocolError.mayHaveRun)
        #expect(RESPError.serverError("ERR Error running script").mayHaveRun)
        #expect(RESPError.unexpectedReply.mayHaveRun)
        #expect(RESPError.connectionClosed.mayHaveRun, "closed with the command written: the server may have run it")
        #expect(!RESPError.connectionClosed("closed before the write", neverSent: true).mayHaveRun)
        #expect(!RESPError.serverError("NOSCRIPT No matching script").mayHaveRun)
        #expect(!RESPError.serverError("NOAUTH Authentication required").mayHaveRun)
        #expect(!RESPError.connectFailed.mayHaveRun)
        #expect(!RESPError.clientClosed.mayHaveRun)
        #expect(!RESPError.invalidURL.mayHaveRun)
    }

    @Test("a refused HELLO or AUTH keeps its code but not the server's text, which can echo the password")
    func handshakeErrorsDropServerText() {
        let echoed = RESPError.serverError("ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' 'sekrit-pw'")
        #expect("\(echoed)".contains("sekrit-pw"), "the raw reply does echo it")
        let cleaned = echoed.withoutServerText("the server refused HELLO 3")
        #expect(cleaned == .serverError && cleaned.serverMessage == nil)
        #expect(!"\(cleaned)".contains("sekrit-pw"))
        #expect(RESPError.serverError("WRONGPASS invalid username-password pair").withoutServerText("x") == .authenticationFailed)
    }

    @Test("a command encodes as an array of bulk strings, bytes untouched")
    func encoding() {
        let command: RESPCommand = ["SET", RESPArgument([0, 13, 10, 255]), 42]
        var buffer = ByteBuffer()
        command.encode(into: &buffer)
        let expected = [UInt8]("*3\r\n$3\r\nSET\r\n$4\r\n".utf8) + [0, 13, 10, 255] + [UInt8]("\r\n$2\r\n42\r\n".utf8)
        #expect(Array(buffer.readableBytesView) == expected)
        #expect(command.name == "SET")
    }

    @Test("an encoded command decodes back to the same bulk strings")
    func roundTrip() throws {
        let arguments: [[UInt8]] = [Array("HSET".utf8), [], Array(repeating: 0xFF, count: 300), Array("é\r\n".utf8)]
        var buffer = ByteBuffer()
        RESPCommand(arguments).encode(into: &buffer)
        var decoder = RESPDecoder()
        let value = try decoder.decode(buffer: &buffer)
        #expect(value == .array(arguments.map { .bulkString(ByteBuffer(bytes: $0)) }))
    }

    @Test("server errors are classified by their prefix, and equality looks at the code only")
    func errorCodes() {
        let noScript = RESPError.serverError("NOSCRIPT No matching script. Please use EVAL.")
        #expect(noScript == .noScript)
        #expect(noScript.code == "no-script")
        #expect(noScript.serverErrorPrefix == "NOSCRIPT")
        #expect(RESPError.serverError("WRONGPASS invalid username-password pair") == .authenticationFailed)
        #expect(RESPError.serverError("NOAUTH Authentication required.") == .authenticationFailed)
        let wrongType = RESPError.serverError("WRONGTYPE Operation against a key holding the wrong kind of value")
        #expect(wrongType == .serverError)
        #expect(wrongType.serverMessage?.hasPrefix("WRONGTYPE") == true)
        #expect("\(wrongType)".contains("WRONGTYPE"))
        #expect(RESPError.timeout != .connectionClosed)
        let codes = [
            RESPError.connectionClosed, .connectFailed, .timeout, .protocolError, .serverError, .noScript,
            .authenticationFailed, .invalidURL, .unexpectedReply, .clientClosed,
        ].map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
    }

    @Test("values give their bytes, text and integers")
    func valueAccessors() {
        #expect(RESPValue.bulkString(ByteBuffer(string: "17")).int == 17)
        #expect(RESPValue.integer(3).string == "3")
        #expect(RESPValue.bulkString(nil).isNull)
        #expect(RESPValue.null.isNull)
        #expect(RESPValue.array(nil).array == nil)
        #expect(RESPValue.set([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.bulkString(ByteBuffer(bytes: [1, 2])).bytes == [1, 2])
        #expect("\(RESPValue.bulkString(ByteBuffer(string: "secret")))" == "$6 bytes")
    }
}
