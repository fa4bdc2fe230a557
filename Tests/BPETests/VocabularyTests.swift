@testable import BPE
import Crypto
import Foundation
import Testing

@Suite("Vocabulary loading refuses tampered files")
struct VocabularyTests {
    static func bundledCompressed(_ name: EncodingName) throws -> [UInt8] {
        let url = try #require(Vocabulary.bundledURL(name))
        return try [UInt8](Data(contentsOf: url))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test("The bundled files decompress to tiktoken's published SHA-256", arguments: EncodingName.allCases)
    func publishedHashes(_ name: EncodingName) throws {
        let text = try Vocabulary.gunzip(Self.bundledCompressed(name), label: name.rawValue)
        #expect(Self.sha256(text) == name.expectedSHA256)
    }

    @Test("One flipped byte in the uncompressed text is refused by its hash")
    func flippedUncompressedByte() throws {
        var text = try Vocabulary.gunzip(Self.bundledCompressed(.cl100kBase), label: "cl100k_base")
        text[text.count / 2] ^= 0x01
        do {
            _ = try Vocabulary.load(uncompressed: text, expectedSHA256: EncodingName.cl100kBase.expectedSHA256, label: "t")
            Issue.record("a tampered vocabulary loaded")
        } catch {
            #expect(error.code == .hashMismatch)
        }
    }

    @Test("A flipped or truncated compressed file is a typed error, never a crash")
    func corruptCompressed() throws {
        let compressed = try Self.bundledCompressed(.cl100kBase)
        var flipped = compressed
        flipped[flipped.count / 2] ^= 0x40
        let truncated = Array(compressed.prefix(compressed.count / 3))
        for bytes in [flipped, truncated, [], Array("not gzip".utf8)] {
            do {
                _ = try Vocabulary.load(compressed: bytes, expectedSHA256: EncodingName.cl100kBase.expectedSHA256, label: "t")
                Issue.record("a corrupt vocabulary loaded")
            } catch {
                #expect(error.code == .decompressionFailed || error.code == .hashMismatch)
            }
        }
    }

    @Test(
        "Lines that are not `base64 rank`, and repeated ranks or tokens, are malformed",
        arguments: [
            "IQ== 0\nIg==\n", "IQ== 0\nIQ== 1\n", "IQ== 0\nIg== 0\n", "I!== 0\n", "IQ== x\n", "IQ 0\n",
        ])
    func malformed(_ text: String) throws {
        let bytes = Array(text.utf8)
        do {
            _ = try Vocabulary.load(uncompressed: bytes, expectedSHA256: Self.sha256(bytes), label: "t")
            Issue.record("a malformed vocabulary loaded")
        } catch {
            #expect(error.code == .malformedVocabulary)
        }
    }

    @Test("A well-formed small vocabulary parses")
    func smallVocabulary() throws {
        let bytes = Array("IQ== 0\nIg== 1\nISI= 2\n".utf8)
        let table = try Vocabulary.load(uncompressed: bytes, expectedSHA256: Self.sha256(bytes), label: "t")
        #expect(table.rankCount == 3)
        #expect(table.tokenBytes(2).map(Array.init) == Array("!\"".utf8))
    }

    @Test("Models map to their encodings; unknown models count with o200k_base")
    func modelTable() {
        for model in ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-nano", "o1", "o3-mini", "o4-mini", "gpt-5", "GPT-5-chat"] {
            #expect(EncodingName(model: model) == .o200kBase, "\(model)")
        }
        for model in ["gpt-4", "gpt-4-32k", "gpt-35-turbo", "gpt-35-turbo-16k", "text-embedding-3-large", "text-embedding-ada-002"] {
            #expect(EncodingName(model: model) == .cl100kBase, "\(model)")
        }
        #expect(EncodingName(model: "my-custom-model") == nil)
        #expect(EncodingName.forModel("my-custom-model") == .o200kBase)
    }
}
