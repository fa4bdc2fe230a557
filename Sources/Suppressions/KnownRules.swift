/// The rule ids a suppression may name: those of the rule catalog, and `NESSUS-<plugin id>` for findings merged
/// from Nessus results (whose rules exist only once a `.nessus` file is merged). Compared without regard to case.
public struct KnownRules: Sendable {
    private let ids: Set<String>

    public init(_ ids: some Sequence<String>) {
        self.ids = Set(ids.map { $0.uppercased() })
    }

    public func contains(_ id: String) -> Bool {
        let upper = id.uppercased()
        if ids.contains(upper) { return true }
        guard upper.hasPrefix("NESSUS-") else { return false }
        let digits = upper.dropFirst("NESSUS-".count)
        return !digits.isEmpty && digits.count <= 12 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The rule id as the catalog spells it (`bw-ai-001` names `BW-AI-001`).
    func canonical(_ id: String) -> String { id.uppercased() }
}
