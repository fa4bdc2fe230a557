import NIOCore

/// A client's upload as it is passed on: its chunks go through unchanged and as they arrive, while a
/// ``MultipartStreamReader`` follows the form. More than `maximumBytes`, or a form that stops being readable, ends the
/// sequence with the `GatewayError` that says so (413 `body_too_large`, 400 `invalid_multipart`, a client's body that
/// fails mid-way included), so a request being
/// sent with it is aborted rather than completed with a part of the body; `events` sees each part as its bytes pass.
struct CheckedUploadBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let reader: MultipartStreamReader
    let maximumBytes: Int
    /// Bytes of the same body read before `base` (its start, read apart): counted towards `maximumBytes`.
    var alreadyReceived = 0
    /// Called with each event of the form as its bytes pass, in order.
    let events: @Sendable (MultipartStreamReader.Event) throws(GatewayError) -> Void

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(), reader: reader, maximumBytes: maximumBytes, received: alreadyReceived, events: events)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var reader: MultipartStreamReader
        let maximumBytes: Int
        let events: @Sendable (MultipartStreamReader.Event) throws(GatewayError) -> Void
        private var received = 0
        private var ended = false

        init(
            base: Base.AsyncIterator, reader: MultipartStreamReader, maximumBytes: Int, received: Int,
            events: @escaping @Sendable (MultipartStreamReader.Event) throws(GatewayError) -> Void
        ) {
            self.base = base
            self.reader = reader
            self.maximumBytes = maximumBytes
            self.received = received
            self.events = events
        }

        mutating func next() async throws -> ByteBuffer? {
            guard !ended else { return nil }
            let next: ByteBuffer?
            do { next = try await base.next() } catch {
                // The client's body failed (the client went away): its own fault, not the upstream's.
                ended = true
                throw (error as? GatewayError)
                    ?? GatewayError(.badRequest, code: .invalidMultipart, "The request body could not be read to its end.")
            }
            guard let chunk = next else {
                ended = true
                do { try reader.finish() } catch { throw Self.unreadable(error) }
                return nil
            }
            received += chunk.readableBytes
            guard received <= maximumBytes else {
                ended = true
                throw GatewayError(.contentTooLarge, code: .bodyTooLarge, "The request body is larger than \(maximumBytes) bytes.")
            }
            let completed: [MultipartStreamReader.Event]
            do { completed = try reader.feed(chunk) } catch {
                ended = true
                throw Self.unreadable(error)
            }
            for event in completed {
                do throws(GatewayError) { try events(event) } catch {
                    ended = true
                    throw error
                }
            }
            return chunk
        }

        private static func unreadable(_ error: MultipartForm.Malformed) -> GatewayError {
            GatewayError(.badRequest, code: .invalidMultipart, "The request body is not a readable multipart form: \(error.reason).")
        }
    }
}
