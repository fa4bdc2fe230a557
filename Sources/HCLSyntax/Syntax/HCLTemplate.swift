/// A template: a quoted string or heredoc as literal text, interpolations `${...}` and directives `%{if}`/`%{for}`.
/// Escapes are decoded, `~` strip markers are applied to the neighbouring literals, and `<<-` heredocs have their
/// common indentation removed: a literal part holds the text the template produces.
public struct HCLTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String, range: HCLSourceRange)
        case interpolation(HCLExpression, range: HCLSourceRange)
        /// `%{if c}then%{else}else%{endif}`.
        case ifDirective(condition: HCLExpression, then: HCLTemplate, else: HCLTemplate?, range: HCLSourceRange)
        /// `%{for k, v in collection}body%{endfor}`.
        case forDirective(
            keyVariable: HCLIdentifier?, valueVariable: HCLIdentifier, collection: HCLExpression, body: HCLTemplate,
            range: HCLSourceRange)
    }

    /// How the template was written.
    public enum Style: Sendable, Hashable {
        case quoted
        /// `<<MARKER` (`isIndented` false) or `<<-MARKER` (true).
        case heredoc(marker: String, isIndented: Bool)
        /// The body of a directive, inside another template.
        case nested
    }

    public var parts: [Part]
    public var style: Style

    public init(parts: [Part], style: Style) {
        self.parts = parts
        self.style = style
    }

    /// The text when the template has no interpolation or directive, else nil.
    public var literalValue: String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal, _) = part else { return nil }
            text += literal
        }
        return text
    }
}
