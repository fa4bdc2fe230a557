@testable import Gateway
import NIOCore
import Synchronization
import Testing

@Suite("A client's body lent to the upstream request's writer")
struct LentBodyTests {
    @Test("taking the body back waits for the read in progress; a read after that fails, and a second iteration fails")
    func takeBackWaitsForTheRead() async throws {
        typealias Body = LentBody<AsyncStream<ByteBuffer>.Iterator>
        let (stream, client) = AsyncStream<ByteBuffer>.makeStream()
        let body = LentBody(stream.makeAsyncIterator())
        let (progress, reached) = AsyncStream<String>.makeStream()
        let (proceed, resume) = AsyncStream<Void>.makeStream()
        // The writer: reads "a", then waits on the client's next chunk, then (once told) reads again.
        let writer = Task {
            var iterator = body.makeAsyncIterator()
            reached.yield(try await iterator.next().map { String(buffer: $0) } ?? "end")
            reached.yield(try await iterator.next().map { String(buffer: $0) } ?? "end")
            for await _ in proceed { break }
            do {
                _ = try await iterator.next()
                reached.yield("read after the take-back")
            } catch let refusal as Body.Refusal {
                reached.yield("\(refusal)")
            }
        }
        var steps = progress.makeAsyncIterator()
        client.yield(ByteBuffer(string: "a"))
        #expect(await steps.next() == "a")
        try await Task.sleep(for: .milliseconds(50))
        let returned = Mutex(false)
        let taker = Task {
            await body.takeBack()
            returned.withLock { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(returned.withLock { $0 } == false, "the writer is still reading")
        client.yield(ByteBuffer(string: "b"))
        #expect(await steps.next() == "b")
        await taker.value
        #expect(returned.withLock { $0 })
        resume.yield()
        #expect(await steps.next() == "takenBack")
        try await writer.value

        var second = body.makeAsyncIterator()
        await #expect(throws: Body.Refusal.alreadyIterated) { _ = try await second.next() }
    }

    @Test("a body taken back while nothing reads it is returned at once, and its end reads as the end before that")
    func takeBackIdle() async throws {
        let (stream, writer) = AsyncStream<ByteBuffer>.makeStream()
        writer.finish()
        let body = LentBody(stream.makeAsyncIterator())
        var iterator = body.makeAsyncIterator()
        #expect(try await iterator.next() == nil)
        await body.takeBack()
        await #expect(throws: LentBody<AsyncStream<ByteBuffer>.Iterator>.Refusal.takenBack) { _ = try await iterator.next() }
    }
}
