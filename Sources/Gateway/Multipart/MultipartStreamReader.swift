import NIOCore

/// A `multipart/form-data` body (RFC 7578) read as it arrives, chunk by chunk, with memory bounded by a small window
/// rather than by the upload: a field (a part without a filename: `model`, `purpose`, `prompt`) is kept whole up to
/// `fieldLimit` bytes, a file part is counted and never kept. It reports the parts in the order they arrive, so a
/// caller can decide (route, authorise, guard) as soon as the fields it needs are in, while the bytes themselves are
/// forwarded unchanged. Malformed input is refused with the same reasons as ``MultipartForm``.
struct MultipartStreamReader: Sendable {
    /// What the bytes fed so far completed, in the order of the form.
    enum Event: Sendable, Equatable {
        /// A field, whole: its text, or nil when its content is not UTF-8.
        case field(name: String, text: String?)
        /// A file part began; its bytes follow and are only counted.
        case fileStarted(name: String, filename: String)
        /// A file part ended after `bytes` bytes of content.
        case fileEnded(name: String, bytes: Int)
    }

    private enum State: Sendable {
        /// Before the first delimiter; what precedes it is dropped.
        case preamble
        /// Just after a delimiter: `--` closes the form, a line break opens a part.
        case afterDelimiter
        case headers
        case field(name: String, content: [UInt8])
        case file(name: String, bytes: Int)
        /// After the closing delimiter; anything more is ignored.
        case epilogue
    }

    let boundary: String
    /// The most bytes one field may hold.
    let fieldLimit: Int
    /// The most bytes one part's header block may hold.
    let headerLimit: Int
    /// `CRLF--boundary`: what ends every part (and, with the line break the reader puts first, starts the first).
    private let delimiter: [UInt8]
    /// Bytes fed and not yet consumed: at most one chunk plus a delimiter, or one header block.
    private var pending: [UInt8] = [13, 10]
    private var state = State.preamble
    /// The most bytes the reader held at once (pending input and a field's content), after any `feed`.
    private(set) var peakRetainedBytes = 0

    /// True once the closing delimiter has been read.
    var isComplete: Bool {
        if case .epilogue = state { return true }
        return false
    }

    /// True while the bytes fed so far end inside a file part's content: what comes next, up to the part's delimiter,
    /// is that file's.
    var isInsideFile: Bool {
        if case .file = state { return true }
        return false
    }

    /// A reader for a body of `contentType`, which must be `multipart/form-data` with a boundary.
    init(contentType: String?, fieldLimit: Int = 64 * 1024, headerLimit: Int = 16 * 1024) throws(MultipartForm.Malformed) {
        boundary = try MultipartForm.boundary(ofContentType: contentType)
        self.fieldLimit = fieldLimit
        self.headerLimit = headerLimit
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Reads `chunk` and returns the events it completed.
    mutating func feed(_ chunk: ByteBuffer) throws(MultipartForm.Malformed) -> [Event] {
        if isComplete { return [] }
        pending.append(contentsOf: chunk.readableBytesView)
        var events: [Event] = []
        while try step(&events) {}
        var retained = pending.count
        if case .field(_, let content) = state { retained += content.count }
        peakRetainedBytes = max(peakRetainedBytes, retained)
        return events
    }

    /// Says the body has ended: an error unless the form was closed by its final delimiter.
    func finish() throws(MultipartForm.Malformed) {
        switch state {
        case .epilogue: return
        case .preamble: throw MultipartForm.Malformed(reason: "the body does not contain its boundary")
        default: throw MultipartForm.Malformed(reason: "a multipart part is not closed by the boundary")
        }
    }

    /// Consumes what the current state can from `pending`; false when it needs more bytes.
    private mutating func step(_ events: inout [Event]) throws(MultipartForm.Malformed) -> Bool {
        switch state {
        case .epilogue:
            pending.removeAll()
            return false
        case .preamble:
            guard let index = Self.find(delimiter, in: pending) else {
                pending.removeFirst(max(0, pending.count - (delimiter.count - 1)))
                return false
            }
            pending.removeFirst(index + delimiter.count)
            state = .afterDelimiter
            return true
        case .afterDelimiter:
            guard pending.count >= 2 else { return false }
            if pending[0] == UInt8(ascii: "-"), pending[1] == UInt8(ascii: "-") {
                state = .epilogue
                return true
            }
            guard pending[0] == 13, pending[1] == 10 else {
                throw MultipartForm.Malformed(reason: "a multipart boundary is not followed by a line break")
            }
            pending.removeFirst(2)
            state = .headers
            return true
        case .headers:
            return try readHeaders(&events)
        case .field(let name, var content):
            let (consumed, ended) = takeContent()
            content += consumed
            guard content.count <= fieldLimit else {
                throw MultipartForm.Malformed(reason: "the multipart field \(name) is longer than \(fieldLimit) bytes")
            }
            if ended {
                events.append(.field(name: name, text: String(validating: content, as: UTF8.self)))
                state = .afterDelimiter
            } else {
                state = .field(name: name, content: content)
            }
            return ended
        case .file(let name, let bytes):
            let (consumed, ended) = takeContent()
            if ended {
                events.append(.fileEnded(name: name, bytes: bytes + consumed.count))
                state = .afterDelimiter
            } else {
                state = .file(name: name, bytes: bytes + consumed.count)
            }
            return ended
        }
    }

    /// A part's header block, once whole: its `Content-Disposition` name (and filename) opens a field or a file.
    private mutating func readHeaders(_ events: inout [Event]) throws(MultipartForm.Malformed) -> Bool {
        guard let end = Self.find([13, 10, 13, 10], in: pending) else {
            guard pending.count <= headerLimit else {
                throw MultipartForm.Malformed(reason: "a multipart part's headers are longer than \(headerLimit) bytes")
            }
            return false
        }
        let headers = String(decoding: pending[..<end], as: UTF8.self)
        guard let disposition = MultipartForm.disposition(headers), let name = disposition["name"] else {
            throw MultipartForm.Malformed(reason: "a multipart part has no Content-Disposition name")
        }
        pending.removeFirst(end + 4)
        if let filename = disposition["filename"] {
            events.append(.fileStarted(name: name, filename: filename))
            state = .file(name: name, bytes: 0)
        } else {
            state = .field(name: name, content: [])
        }
        return true
    }

    /// The part's content available now, and whether its closing delimiter was reached (and consumed). Bytes that
    /// could be the start of a delimiter split across chunks stay pending.
    private mutating func takeContent() -> (content: ArraySlice<UInt8>, ended: Bool) {
        if let index = Self.find(delimiter, in: pending) {
            let content = pending[..<index]
            pending.removeFirst(index + delimiter.count)
            return (content, true)
        }
        let safe = max(0, pending.count - (delimiter.count - 1))
        let content = pending[..<safe]
        pending.removeFirst(safe)
        return (content, false)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
