@testable import Gateway
import Testing

@Suite("Multipart forms")
struct MultipartFormTests {
    static let body = Array(
        "preamble\r\n--b0und\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--b0und\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n\u{1}\r\n--b0und--\r\n"
            .utf8)

    @Test("parts are read with their names, filenames and exact bytes; a quoted boundary is accepted")
    func parses() throws {
        let form = try MultipartForm(body: Self.body, contentType: "multipart/form-data; boundary=\"b0und\"")
        #expect(form.parts.map(\.name) == ["model", "file"])
        #expect(form.field("model") == "whisper")
        #expect(form.parts[1].filename == "a.wav")
        #expect(form.parts[1].text == nil, "a file part is not read as a field")
        #expect(form.parts[1].content == Array("RIFF\r\n\u{1}".utf8), "a line break inside a part is content")
    }

    @Test("a form written back is read back the same, a changed field included")
    func roundTrip() throws {
        var form = try MultipartForm(body: Self.body, contentType: "multipart/form-data; boundary=b0und")
        form.parts[0].content = Array("tts".utf8)
        let again = try MultipartForm(body: form.serialised(), contentType: "multipart/form-data; boundary=b0und")
        #expect(again.field("model") == "tts")
        #expect(again.parts[1].content == form.parts[1].content)
        #expect(again.parts[1].headerBlock == form.parts[1].headerBlock)
    }

    @Test(
        "what is not a readable form says why",
        arguments: [
            ("application/json", "must be multipart/form-data"), ("multipart/form-data", "has no boundary"),
            ("multipart/form-data; boundary=", "is empty or longer than 70"),
            ("multipart/form-data; boundary=other", "does not contain its boundary"),
        ])
    func refusals(contentType: String, reason: String) {
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm(body: Self.body, contentType: contentType) }
        do {
            _ = try MultipartForm(body: Self.body, contentType: contentType)
        } catch {
            #expect(error.reason.contains(reason))
        }
    }

    @Test("a truncated form, a part without a name, and a boundary without a line break are refused")
    func malformed() {
        let type = "multipart/form-data; boundary=b0und"
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm(body: Array(Self.body.dropLast(20)), contentType: type) }
        let nameless = Array("--b0und\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0und--\r\n".utf8)
        #expect(throws: MultipartForm.Malformed(reason: "a multipart part has no Content-Disposition name")) {
            try MultipartForm(body: nameless, contentType: type)
        }
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm(body: Array("--b0undX".utf8), contentType: type) }
    }

    @Test("the start of a form: its whole parts, then the part cut short kept as sent and written back after them")
    func prefix() throws {
        let type = "multipart/form-data; boundary=b0und"
        let start = Array(Self.body.dropLast(9))  // cut in the closing delimiter: the file part is not closed yet
        var form = try MultipartForm(prefix: start, contentType: type)
        #expect(form.parts.map(\.name) == ["model"])
        #expect(form.partCutShort?.name == "file" && form.partCutShort?.filename == "a.wav")
        #expect(form.serialised() == Array(start.drop { $0 != UInt8(ascii: "-") }), "the preamble aside, written back as it came")
        form.parts[0].content = Array("tts".utf8)
        let rewritten = form.serialised() + Array(Self.body.suffix(9))
        #expect(try MultipartForm(body: rewritten, contentType: type).field("model") == "tts", "the rest of the form follows on")
        let whole = try MultipartForm(prefix: Self.body, contentType: type)
        #expect(whole.remainder == nil && whole.parts.count == 2, "a start that closes the form is the whole form")
        let nameless = Array("--b0und\r\nContent-Type: text/plain\r\n\r\nx".utf8)
        #expect(throws: MultipartForm.Malformed.self, "a part whose headers are whole must still have a name") {
            try MultipartForm(prefix: nameless, contentType: type)
        }
    }
}
