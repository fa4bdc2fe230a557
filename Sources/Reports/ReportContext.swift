public import Foundation

/// What a report says about the run itself, beside the findings: when it ran, on what, with which rules.
public struct ReportContext: Sendable {
    public var generatedAt: Date
    /// The paths and scopes named on the command line.
    public var inputs: [String]
    /// The rules used, for a person: `built-in 1.4.0 (143 rules) + ./policies`.
    public var rulePack: String

    public init(generatedAt: Date = Date(), inputs: [String] = [], rulePack: String = "built-in") {
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.rulePack = rulePack
    }
}
