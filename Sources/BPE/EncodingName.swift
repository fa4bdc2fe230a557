/// The byte-pair encodings this target knows, by tiktoken's names.
public enum EncodingName: String, Sendable, Hashable, CaseIterable {
    /// GPT-4o, GPT-4.1, GPT-5 and the o-series reasoning models.
    case o200kBase = "o200k_base"
    /// GPT-4, GPT-3.5 Turbo and the text-embedding-3 and ada-002 embedding models.
    case cl100kBase = "cl100k_base"

    /// SHA-256 of the uncompressed `.tiktoken` file, as tiktoken publishes it.
    var expectedSHA256: String {
        switch self {
        case .o200kBase: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        case .cl100kBase: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        }
    }

    /// The special tokens (tiktoken's ids). `encode` never produces them: special tokens in text are ordinary text.
    var specialTokens: [String: Int] {
        switch self {
        case .o200kBase: ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018]
        case .cl100kBase:
            [
                "<|endoftext|>": 100_257, "<|fim_prefix|>": 100_258, "<|fim_middle|>": 100_259, "<|fim_suffix|>": 100_260,
                "<|endofprompt|>": 100_276,
            ]
        }
    }

    var pretokenizer: Pretokenizer.Pattern {
        switch self {
        case .o200kBase: .o200k
        case .cl100kBase: .cl100k
        }
    }
}

extension EncodingName {
    /// Model name prefixes and their encodings, most specific first (`gpt-4o` and `gpt-4.1` before `gpt-4`).
    static let modelPrefixes: [(prefix: String, encoding: EncodingName)] = [
        ("gpt-4o", .o200kBase), ("chatgpt-4o", .o200kBase), ("gpt-4.1", .o200kBase), ("gpt-4.5", .o200kBase),
        ("gpt-5", .o200kBase), ("o1", .o200kBase), ("o3", .o200kBase), ("o4-mini", .o200kBase), ("o4", .o200kBase),
        ("gpt-4", .cl100kBase), ("gpt-35-turbo", .cl100kBase), ("gpt-3.5-turbo", .cl100kBase),
        ("text-embedding-3", .cl100kBase), ("text-embedding-ada-002", .cl100kBase),
    ]

    /// The encoding of a known model (an Azure OpenAI model name such as `gpt-4o-mini` or `gpt-35-turbo`).
    ///
    /// - Parameter model: The model name, compared without regard to case; a dated version suffix is fine.
    /// - Returns: `nil` for a model this table does not know.
    public init?(model: String) {
        let lowered = model.lowercased()
        guard let match = Self.modelPrefixes.first(where: { lowered.hasPrefix($0.prefix) }) else { return nil }
        self = match.encoding
    }

    /// The encoding to count a model's tokens with: the known one, or `o200k_base` for a model this table does not
    /// know (every model OpenAI released since GPT-4o uses it), so a new model is counted rather than refused.
    ///
    /// - Parameter model: The model name.
    /// - Returns: The model's encoding, `o200k_base` when unknown.
    public static func forModel(_ model: String) -> EncodingName {
        EncodingName(model: model) ?? .o200kBase
    }
}
