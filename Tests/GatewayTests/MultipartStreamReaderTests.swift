@testable import Gateway
import NIOCore
import Testing

@Suite("Multipart forms read as they arrive")
struct MultipartStreamReaderTests {
    static let type = "multipart/form-data; boundary=b0und"

    /// Feeds `chunks` and returns every event, then checks the form was closed.
    static func read(_ chunks: [[UInt8]], fieldLimit: Int = 1024) throws -> [MultipartStreamReader.Event] {
        var reader = try MultipartStreamReader(contentType: type, fieldLimit: fieldLimit)
        var events: [MultipartStreamReader.Event] = []
        for chunk in chunks { events += try reader.feed(ByteBuffer(bytes: chunk)) }
        try reader.finish()
        return events
    }

    static let expected: [MultipartStreamReader.Event] = [
        .field(name: "model", text: "whisper"), .fileStarted(name: "file", filename: "a.wav"), .fileEnded(name: "file", bytes: 7),
    ]

    @Test("the same parts come out wherever the body is cut into chunks, byte by byte included")
    func anySplit() throws {
        let body = MultipartFormTests.body
        #expect(try Self.read([body]) == Self.expected)
        #expect(try Self.read(body.map { [$0] }) == Self.expected)
        for cut in 1..<body.count {
            #expect(try Self.read([Array(body[..<cut]), Array(body[cut...])]) == Self.expected, "cut at \(cut)")
        }
    }

    @Test("a field sent after the file is reported after it, so a caller can tell the order")
    func fieldAfterFile() throws {
        let body = Array(
            "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF\r\n--b0und\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--b0und--\r\n"
                .utf8)
        #expect(
            try Self.read([body]) == [
                .fileStarted(name: "file", filename: "a.wav"), .fileEnded(name: "file", bytes: 4), .field(name: "model", text: "whisper"),
            ])
    }

    @Test("a 50 MB file fed in 64 KiB chunks is counted while the reader holds less than one chunk and a delimiter")
    func boundedMemory() throws {
        var reader = try MultipartStreamReader(contentType: Self.type)
        let head =
            Array("--b0und\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n".utf8)
            + Array("--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n\r\n".utf8)
        var events = try reader.feed(ByteBuffer(bytes: head))
        #expect(events == [.field(name: "model", text: "whisper"), .fileStarted(name: "file", filename: "big.wav")])
        // Content that keeps almost matching the delimiter (`\r\n--b0un`) across chunk edges.
        let pattern = Array("\r\n--b0unRIFF".utf8)
        let chunk = ByteBuffer(bytes: (0..<(64 * 1024)).map { pattern[$0 % pattern.count] })
        let chunks = 50 * 1024 * 1024 / chunk.readableBytes
        for _ in 0..<chunks { events += try reader.feed(chunk) }
        events += try reader.feed(ByteBuffer(string: "\r\n--b0und--\r\n"))
        try reader.finish()
        #expect(events.last == .fileEnded(name: "file", bytes: chunks * chunk.readableBytes))
        #expect(reader.peakRetainedBytes < chunk.readableBytes + 64)
    }

    @Test("a field longer than the limit is refused as soon as the limit is passed, before the body ends")
    func fieldLimit() throws {
        var reader = try MultipartStreamReader(contentType: Self.type, fieldLimit: 16)
        _ = try reader.feed(ByteBuffer(string: "--b0und\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n0123456789"))
        #expect(throws: MultipartForm.Malformed(reason: "the multipart field prompt is longer than 16 bytes")) {
            _ = try reader.feed(ByteBuffer(string: "01234567890123456789"))
        }
    }

    @Test("a body cut short, a part without a name, a boundary without a line break, and endless headers are refused")
    func malformed() throws {
        let body = MultipartFormTests.body
        #expect(throws: MultipartForm.Malformed(reason: "a multipart part is not closed by the boundary")) {
            try Self.read([Array(body.dropLast(20))])
        }
        #expect(throws: MultipartForm.Malformed(reason: "the body does not contain its boundary")) {
            try Self.read([Array("no form here".utf8)])
        }
        #expect(throws: MultipartForm.Malformed(reason: "a multipart part has no Content-Disposition name")) {
            try Self.read([Array("--b0und\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0und--\r\n".utf8)])
        }
        #expect(throws: MultipartForm.Malformed(reason: "a multipart boundary is not followed by a line break")) {
            try Self.read([Array("--b0undX\r\n".utf8)])
        }
        var reader = try MultipartStreamReader(contentType: Self.type, headerLimit: 32)
        #expect(throws: MultipartForm.Malformed(reason: "a multipart part's headers are longer than 32 bytes")) {
            _ = try reader.feed(ByteBuffer(bytes: Array("--b0und\r\nX-Long: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 64)))
        }
    }

    @Test("the content type must name a boundary")
    func contentType() {
        #expect(throws: MultipartForm.Malformed(reason: "the multipart content type has no boundary")) {
            _ = try MultipartStreamReader(contentType: "multipart/form-data")
        }
    }
}
