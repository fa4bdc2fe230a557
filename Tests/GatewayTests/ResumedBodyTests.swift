@testable import Gateway
import NIOCore
import Testing

@Suite("A request body resumed after its start was read")
struct ResumedBodyTests {
    @Test("the chunks read first come out first, then the rest of the same iterator, once")
    func resumes() async throws {
        let (stream, writer) = AsyncStream<ByteBuffer>.makeStream()
        for text in ["a", "b", "c"] { writer.yield(ByteBuffer(string: text)) }
        writer.finish()
        var iterator = stream.makeAsyncIterator()
        let first = await iterator.next()
        let body = ResumedBody(prefix: [try #require(first), ByteBuffer(string: "!")], rest: iterator)
        var texts: [String] = []
        for try await chunk in body { texts.append(String(buffer: chunk)) }
        #expect(texts == ["a", "!", "b", "c"])
        await #expect(
            throws: ResumedBody<AsyncStream<ByteBuffer>.Iterator>.AlreadyIterated.self, "a second pass cannot send the body again"
        ) {
            for try await _ in body {}
        }
    }
}
