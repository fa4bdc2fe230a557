import Foundation

/// A `multipart/form-data` body (RFC 7578) read whole: its parts with their names, filenames, headers and bytes, in
/// order. Uploads (image edits, audio, files) name the deployment in a `model` field and carry text (`prompt`) the
/// guards read; a redacted field is written back with ``serialised()``, every other part byte for byte.
struct MultipartForm: Sendable {
    /// One part: its raw header lines and its content.
    struct Part: Sendable {
        var name: String
        var filename: String?
        /// The part's header block as sent, without the blank line that ends it.
        var headerBlock: [UInt8]
        var content: [UInt8]

        /// The content as text, for a field without a filename.
        var text: String? { filename == nil ? String(bytes: content, encoding: .utf8) : nil }
    }

    /// Why a body is not a form the gateway can read.
    struct Malformed: Error, Sendable, Equatable {
        var reason: String
    }

    let boundary: String
    var parts: [Part]
    /// For the start of a form (``init(prefix:contentType:)``) that does not close it: the bytes from the delimiter
    /// of the part cut short. Nil for a whole form.
    private(set) var remainder: [UInt8]?

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(ofContentType contentType: String?) throws(Malformed) -> String {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else {
            throw Malformed(reason: "the content type must be multipart/form-data")
        }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.count), value.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
                throw Malformed(reason: "the multipart boundary is empty or longer than 70 characters")
            }
            return value
        }
        throw Malformed(reason: "the multipart content type has no boundary")
    }

    /// Parses `body`; every part must be delimited and carry a `Content-Disposition: form-data; name=…` header.
    init(body: [UInt8], contentType: String?) throws(Malformed) {
        try self.init(body: body, contentType: contentType, isPrefix: false)
    }

    /// Parses the start of a form whose rest has not arrived: its whole parts, then the bytes from the delimiter of the
    /// first part cut short (kept in ``remainder``, and written back as they are). A body that ends the form is read
    /// as ``init(body:contentType:)`` reads it.
    init(prefix: [UInt8], contentType: String?) throws(Malformed) {
        try self.init(body: prefix, contentType: contentType, isPrefix: true)
    }

    private init(body: [UInt8], contentType: String?, isPrefix: Bool) throws(Malformed) {
        boundary = try Self.boundary(ofContentType: contentType)
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var cursor = Self.find(delimiter, in: body, from: 0) else {
            throw Malformed(reason: "the body does not contain its boundary")
        }
        var parts: [Part] = []
        while true {
            let partStart = cursor
            cursor += delimiter.count
            if body.count >= cursor + 2, body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { break }
            if isPrefix, body.count < cursor + 2 {
                remainder = Array(body[partStart...])
                break
            }
            guard body.count >= cursor + 2, Array(body[cursor..<cursor + 2]) == crlf else {
                throw Malformed(reason: "a multipart boundary is not followed by a line break")
            }
            cursor += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: cursor) else {
                if isPrefix {
                    remainder = Array(body[partStart...])
                    break
                }
                throw Malformed(reason: "a multipart part has no end to its headers")
            }
            let headerBlock = Array(body[cursor..<headerEnd])
            let contentStart = headerEnd + 4
            let headers = String(decoding: headerBlock, as: UTF8.self)
            guard let disposition = Self.disposition(headers), let name = disposition["name"] else {
                throw Malformed(reason: "a multipart part has no Content-Disposition name")
            }
            guard let next = Self.find(crlf + delimiter, in: body, from: contentStart) else {
                if isPrefix {
                    remainder = Array(body[partStart...])
                    break
                }
                throw Malformed(reason: "a multipart part is not closed by the boundary")
            }
            parts.append(
                Part(name: name, filename: disposition["filename"], headerBlock: headerBlock, content: Array(body[contentStart..<next])))
            cursor = next + 2
        }
        self.parts = parts
    }

    /// The name and filename of the part ``remainder`` cuts short, when its headers are whole.
    var partCutShort: (name: String, filename: String?)? {
        guard let remainder, let end = Self.find([13, 10, 13, 10], in: remainder, from: 0),
            let disposition = Self.disposition(String(decoding: remainder[..<end], as: UTF8.self)), let name = disposition["name"]
        else { return nil }
        return (name, disposition["filename"])
    }

    /// The text of the first field named `name`.
    func field(_ name: String) -> String? { parts.first { $0.name == name }?.text }

    /// The form as bytes, with the same boundary and part headers; the start of a form ends with its ``remainder``.
    func serialised() -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8) + part.headerBlock + [13, 10, 13, 10] + part.content + [13, 10]
        }
        bytes += remainder ?? Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// `name` and `filename` of a `Content-Disposition: form-data` header.
    static func disposition(_ headers: String) -> [String: String]? {
        for line in headers.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            var values: [String: String] = [:]
            for parameter in pair[1].split(separator: ";").dropFirst() {
                let item = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard item.count == 2 else { continue }
                var value = item[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                values[item[0].lowercased()] = value
            }
            return values
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension MultipartForm {
    /// The form, or a 400 `invalid_multipart` naming what is wrong with it.
    static func checked(body: [UInt8], contentType: String?) throws(GatewayError) -> MultipartForm {
        do {
            return try MultipartForm(body: body, contentType: contentType)
        } catch {
            throw GatewayError(.badRequest, code: .invalidMultipart, "The request body is not a readable multipart form: \(error.reason).")
        }
    }
}
