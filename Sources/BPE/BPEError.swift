/// Why a vocabulary could not be loaded or token ids could not be decoded.
public struct BPEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short, low-cardinality code, usable as a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        /// The bundled vocabulary file is not in the resource bundle.
        public static let vocabularyMissing = Code(description: "vocabulary-missing")
        /// The vocabulary is not valid gzip (a corrupt download or a flipped byte).
        public static let decompressionFailed = Code(description: "decompression-failed")
        /// The uncompressed vocabulary's SHA-256 differs from tiktoken's published hash.
        public static let hashMismatch = Code(description: "hash-mismatch")
        /// A vocabulary line is not `base64 rank`, or a rank or token appears twice.
        public static let malformedVocabulary = Code(description: "malformed-vocabulary")
        /// An encoding name that this target does not know.
        public static let unknownEncoding = Code(description: "unknown-encoding")
        /// A token id that is neither in the vocabulary nor a special token.
        public static let unknownToken = Code(description: "unknown-token")
    }

    /// What went wrong, as a code.
    public let code: Code
    /// What went wrong, for a person.
    public let message: String

    public var description: String { "\(code): \(message)" }

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
