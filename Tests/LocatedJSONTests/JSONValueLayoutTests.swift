import LocatedJSON
import SourceModel
import Testing

@Suite("JSON value layout")
struct JSONValueLayoutTests {
    /// A value as it was before it named its file.
    struct WithoutFile {
        var kind: JSONValue.Kind
        var position: SourcePosition
    }

    @Test("the file index fills alignment padding: a value takes no more memory for it")
    func fileIndexIsFree() {
        #expect(MemoryLayout<JSONValue>.stride == MemoryLayout<WithoutFile>.stride)
        #expect(MemoryLayout<JSONValue>.size == MemoryLayout<WithoutFile>.size)
    }

    @Test("values the reader makes name the document's own file")
    func readerWritesZero() throws {
        let root = try JSONReader().read(#"{"a": [1, {"b": null}]}"#)
        #expect(root.fileIndex == 0)
        #expect(root[member: "a"]?.elements?.allSatisfy { $0.fileIndex == 0 } == true)
    }
}
