import CompressNIO
import Crypto
import Foundation
import NIOCore

/// Reads a bundled `.tiktoken.gz`: decompress, check the SHA-256 against tiktoken's published hash, parse the ranks.
enum Vocabulary {
    /// The largest uncompressed vocabulary accepted (o200k_base is 3.6 MB); a bigger stream is refused.
    static let maximumSize = 16 << 20

    /// Loads the bundled vocabulary of `name`.
    ///
    /// - Throws: `BPEError` when the resource is missing, is not gzip, or fails the hash or the format.
    static func loadBundled(_ name: EncodingName) throws(BPEError) -> RankTable {
        guard let url = bundledURL(name), let data = try? Data(contentsOf: url) else {
            throw BPEError(.vocabularyMissing, "\(name.rawValue).tiktoken.gz is not in the BPE resource bundle")
        }
        return try load(compressed: [UInt8](data), expectedSHA256: name.expectedSHA256, label: name.rawValue)
    }

    /// Where the bundled `.tiktoken.gz` of `name` is.
    static func bundledURL(_ name: EncodingName) -> URL? {
        Bundle.module.url(forResource: name.rawValue, withExtension: "tiktoken.gz", subdirectory: "Vocabularies")
    }

    /// Decompresses, verifies and parses a gzip-compressed `.tiktoken` file.
    static func load(compressed: [UInt8], expectedSHA256: String, label: String) throws(BPEError) -> RankTable {
        let text = try gunzip(compressed, label: label)
        return try load(uncompressed: text, expectedSHA256: expectedSHA256, label: label)
    }

    /// Verifies and parses an uncompressed `.tiktoken` file.
    static func load(uncompressed text: [UInt8], expectedSHA256: String, label: String) throws(BPEError) -> RankTable {
        let digest = SHA256.hash(data: text).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        guard digest == expectedSHA256 else {
            throw BPEError(.hashMismatch, "\(label): SHA-256 \(digest) is not tiktoken's published \(expectedSHA256)")
        }
        return try parse(text, label: label)
    }

    static func gunzip(_ compressed: [UInt8], label: String) throws(BPEError) -> [UInt8] {
        var buffer = ByteBuffer(bytes: compressed)
        do {
            var output = try buffer.decompress(with: .gzip(), maxSize: maximumSize)
            return output.readBytes(length: output.readableBytes) ?? []
        } catch {
            throw BPEError(.decompressionFailed, "\(label): not a valid gzip stream (\(error))")
        }
    }

    /// Parses `base64 rank` lines; ranks and token byte strings must be distinct.
    static func parse(_ text: [UInt8], label: String) throws(BPEError) -> RankTable {
        var tokens: [(bytes: ArraySlice<UInt8>, rank: Int)] = []
        tokens.reserveCapacity(text.count / 16)
        var seenRanks = Set<Int>()
        var lineNumber = 0
        var lineStart = 0
        while lineStart < text.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < text.count && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = text[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            if line.isEmpty { continue }
            guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                let bytes = Base64.decode(text[line.startIndex..<space]), !bytes.isEmpty,
                let rank = decimal(text[(space + 1)..<line.endIndex]), rank < 1 << 24, seenRanks.insert(rank).inserted
            else {
                throw BPEError(.malformedVocabulary, "\(label):\(lineNumber): expected `base64 rank` with a new rank")
            }
            tokens.append((bytes[...], rank))
        }
        let table = RankTable(tokens: tokens)
        // Distinct byte strings: every token must find its own rank again.
        let duplicate = table.withView { view in
            tokens.first { token in
                token.bytes.withUnsafeBufferPointer { view.rank($0.baseAddress!, $0.count) } != UInt32(token.rank)
            }
        }
        if let duplicate {
            throw BPEError(.malformedVocabulary, "\(label): rank \(duplicate.rank) repeats the bytes of another token")
        }
        return table
    }

    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        var digits = digits
        if digits.last == UInt8(ascii: "\r") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}

/// Standard base64 (with padding), as the `.tiktoken` files use it.
enum Base64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()

    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        var index = text.startIndex
        while index < text.endIndex {
            let quad = text[index..<(index + 4)]
            index += 4
            let last = index == text.endIndex
            var accumulator: UInt32 = 0
            var padding = 0
            for (position, character) in quad.enumerated() {
                if character == UInt8(ascii: "=") {
                    guard last, position >= 2 else { return nil }
                    padding += 1
                    accumulator <<= 6
                    continue
                }
                guard padding == 0 else { return nil }
                let value = values[Int(character)]
                guard value != 0xFF else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: accumulator >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: accumulator)) }
        }
        return output
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
