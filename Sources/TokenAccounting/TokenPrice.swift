/// What one deployment charges, in US dollars per million input (prompt) and output (completion) tokens, as Azure's
/// price list writes them. Budgets (`usd=200/month`) count spend with it, in millionths of a dollar: a price per
/// million tokens is exactly millionths of a dollar per token.
public struct TokenPrice: Sendable, Hashable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// The cost of `prompt` input and `completion` output tokens, in millionths of a dollar, rounded up so a budget
    /// is never undercounted.
    public func microUSD(prompt: Int64, completion: Int64) -> Int64 {
        let cost = (Double(prompt) * inputPerMillion + Double(completion) * outputPerMillion).rounded(.up)
        // Amounts beyond Int64 cannot be charged by any rule; they are clamped, not trapped on.
        return cost >= 9.0e18 ? 9_000_000_000_000_000_000 : Int64(max(0, cost))
    }
}
