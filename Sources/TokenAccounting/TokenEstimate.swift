/// What a request is expected to use before it is forwarded: its prompt, counted with the deployment's encoding,
/// and the most it may generate (its completion cap times the completions asked for). The limits reserve the
/// total, then settle with what the upstream reported.
public struct TokenEstimate: Sendable, Hashable {
    /// Prompt tokens: messages with their overhead, prompts, inputs, tools.
    public var prompt: Int64
    /// The most completion tokens the request may produce: 0 for embeddings.
    public var completion: Int64
    /// True when the request named no completion cap and the configured default stands in for it.
    public var completionDefaulted: Bool

    public init(prompt: Int64, completion: Int64, completionDefaulted: Bool = false) {
        self.prompt = prompt
        self.completion = completion
        self.completionDefaulted = completionDefaulted
    }

    public var total: Int64 { prompt + completion }

    /// The spend to reserve at `price`.
    public func microUSD(at price: TokenPrice) -> Int64 { price.microUSD(prompt: prompt, completion: completion) }
}
