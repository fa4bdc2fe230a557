import Foundation
import PromptGuards

extension GatewayError {
    /// A refusal by a guard: 400 `content_filter`, with a `content_filter_result` entry naming the Bulwark guard
    /// and its verdict, as Azure OpenAI answers a prompt its content filter blocked.
    static func contentFilter(_ finding: GuardFinding, param: String = "prompt") -> GatewayError {
        var error = GatewayError(
            .badRequest, code: .contentFilter,
            "The \(param) was filtered by Bulwark's \(finding.guardName.rawValue.replacingOccurrences(of: "_", with: " ")) guard. Please modify it and retry."
        )
        error.contentFilter = finding
        error.param = param
        return error
    }

    /// `{"bulwark_<guard>": {"filtered", "detected", "verdict", ...}}`, plus Azure's own `jailbreak` entry for injections.
    static func contentFilterResult(_ finding: GuardFinding) -> JSONOutput {
        var entry: [String: JSONOutput] = [
            "filtered": .bool(finding.verdict == .block), "detected": true, "verdict": .string(finding.verdict.rawValue),
        ]
        // Signals and kinds help a client fix its prompt; the blocklist's own terms are the operator's and stay in
        // the audit log, so a caller cannot read the list back term by term.
        if finding.guardName != .blocklist { entry["details"] = .array(finding.details.map(JSONOutput.string)) }
        if let score = finding.score { entry["score"] = .double((score * 10000).rounded() / 10000) }
        var result: [String: JSONOutput] = ["bulwark_\(finding.guardName.rawValue)": .object(entry)]
        if finding.guardName == .promptInjection { result["jailbreak"] = ["filtered": .bool(finding.verdict == .block), "detected": true] }
        return .object(result)
    }
}
