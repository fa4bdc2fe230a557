import Synchronization

/// One of OpenAI's byte-pair encodings, loaded from its bundled vocabulary: text to token ids and back.
///
/// ```swift
/// let encoding = try BPEEncoding.named(.o200kBase)
/// let tokens = encoding.count("Hello, world!")  // 4
/// ```
///
/// Special tokens such as `<|endoftext|>` are ordinary text to `encode` and `count` (tiktoken's
/// `encode_ordinary`): a prompt that contains them is counted as the text a client sent, never as control tokens.
/// An encoding is immutable and safe to share between tasks; each is loaded at most once per process.
public final class BPEEncoding: Sendable {
    /// Which encoding this is.
    public let name: EncodingName
    let table: RankTable
    private let specialBytes: [Int: [UInt8]]

    init(name: EncodingName, table: RankTable) {
        self.name = name
        self.table = table
        self.specialBytes = name.specialTokens.reduce(into: [:]) { $0[$1.value] = Array($1.key.utf8) }
    }

    /// The token ids the vocabulary spans, special tokens included (tiktoken's `n_vocab`).
    public var vocabularySize: Int { max(table.rankCount, (specialBytes.keys.max() ?? -1) + 1) }

    /// The token ids of `text`.
    ///
    /// - Parameter text: Any text; special tokens in it are encoded as ordinary text.
    /// - Returns: tiktoken's ids for `text`, in order.
    public func encode(_ text: String) -> [Int] {
        var sink = TokenArray()
        sink.tokens.reserveCapacity(text.utf8.count / 4)
        run(text, into: &sink)
        return sink.tokens
    }

    /// The number of tokens of `text`, without building the array of ids.
    ///
    /// - Parameter text: Any text; special tokens in it are counted as ordinary text.
    /// - Returns: `encode(text).count`.
    public func count(_ text: String) -> Int {
        var sink = TokenCount()
        run(text, into: &sink)
        return sink.count
    }

    /// The bytes of `tokens`, concatenated (UTF-8 only when whole characters were encoded).
    ///
    /// - Parameter tokens: Ids from `encode`, or special token ids.
    /// - Returns: The bytes the ids stand for.
    /// - Throws: `BPEError` with code `unknownToken` for an id outside the vocabulary.
    public func decode(_ tokens: [Int]) throws(BPEError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count * 4)
        for token in tokens {
            if let tokenBytes = table.tokenBytes(token) {
                bytes.append(contentsOf: tokenBytes)
            } else if let special = specialBytes[token] {
                bytes.append(contentsOf: special)
            } else {
                throw BPEError(.unknownToken, "token id \(token) is not in \(name.rawValue)")
            }
        }
        return bytes
    }

    private func run(_ text: String, into sink: inout some TokenSink) {
        var text = text
        let pattern = name.pretokenizer
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return }
            ScalarClass.table.withUnsafeBufferPointer { classes in
                table.withView { view in
                    let splitter = Pretokenizer(text: utf8, classes: classes)
                    var merge = BytePairMerge()
                    var start = 0
                    while start < utf8.count {
                        let end = splitter.pieceEnd(from: start, pattern: pattern)
                        merge.encode(base + start, end - start, view: view, into: &sink)
                        start = end
                    }
                }
            }
        }
    }
}

extension BPEEncoding {
    /// The shared encoding of that name, loaded (decompressed, hash-checked, parsed) on first use.
    ///
    /// - Parameter name: The encoding.
    /// - Returns: The one instance of that encoding in this process.
    /// - Throws: `BPEError` when the bundled vocabulary is missing, corrupt or fails tiktoken's hash; the failure is
    ///   remembered, since the bundle does not change while the process runs.
    public static func named(_ name: EncodingName) throws(BPEError) -> BPEEncoding {
        let slot =
            switch name {
            case .o200kBase: o200kSlot
            case .cl100kBase: cl100kSlot
            }
        return try slot.state.withLock { state throws(BPEError) -> BPEEncoding in
            if let loaded = state { return try loaded.get() }
            let result = Result<BPEEncoding, BPEError> { () throws(BPEError) in
                BPEEncoding(name: name, table: try Vocabulary.loadBundled(name))
            }
            state = result
            return try result.get()
        }
    }

    /// The shared encoding named as tiktoken names it (`o200k_base`, `cl100k_base`).
    ///
    /// - Throws: `BPEError` with code `unknownEncoding` for another name, or as `named(_:)` does.
    public static func named(_ name: String) throws(BPEError) -> BPEEncoding {
        guard let known = EncodingName(rawValue: name) else {
            throw BPEError(.unknownEncoding, "no encoding named \(name); known: o200k_base, cl100k_base")
        }
        return try named(known)
    }

    /// The shared o200k_base encoding (GPT-4o and later).
    public static var o200kBase: BPEEncoding { get throws(BPEError) { try named(.o200kBase) } }

    /// The shared cl100k_base encoding (GPT-4, GPT-3.5 Turbo, embeddings).
    public static var cl100kBase: BPEEncoding { get throws(BPEError) { try named(.cl100kBase) } }

    /// The shared encoding for a model (see `EncodingName.forModel(_:)`: unknown models get o200k_base).
    public static func forModel(_ model: String) throws(BPEError) -> BPEEncoding {
        try named(EncodingName.forModel(model))
    }

    private static let o200kSlot = LoadSlot()
    private static let cl100kSlot = LoadSlot()
}

/// One encoding's load state; the lock makes concurrent first users wait for a single load.
private final class LoadSlot: Sendable {
    let state = Mutex<Result<BPEEncoding, BPEError>?>(nil)
}
