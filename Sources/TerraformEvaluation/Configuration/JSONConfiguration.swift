import HCLSyntax
import LocatedJSON
import SourceModel
import TerraformModel

/// Reads Terraform's JSON syntax (`.tf.json`) into the same syntax tree as native files: top-level keys are block
/// types, labels are nested keys, and strings are templates (`"${var.x}"`). Without the provider's schema, an
/// object or an array of objects inside a `resource` or `data` body is read as nested blocks (Terraform's JSON
/// form of blocks), except for arguments known to take maps or objects (`tags`, azapi's `body`...). A `"//"` key
/// is a comment, as in Terraform.
struct JSONConfigurationReader {
    let file: String
    var errors: [HCLSyntaxError] = []

    /// Arguments of resources whose JSON object is a value, not a nested block.
    static let objectArguments: Set<String> = [
        "tags", "body", "app_settings", "metadata", "headers", "parameters", "properties", "labels", "settings",
        "protected_settings", "connection_string", "variables", "outputs", "triggers", "for_each", "locals",
    ]
    /// How many labels each top-level block type has.
    static let labelCounts: [String: Int] = [
        "resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1, "check": 1,
        "locals": 0, "terraform": 0, "moved": 0, "import": 0, "removed": 0,
    ]

    init(file: String) {
        self.file = file
    }

    /// The file's top-level body.
    mutating func body(of root: JSONValue) -> HCLBody {
        let range = self.range(at: root.position)
        guard let members = root.members else {
            errors.append(HCLSyntaxError(code: .unexpectedToken, range: range, message: "a .tf.json file holds a JSON object"))
            return HCLBody(items: [], range: range)
        }
        var items: [HCLBody.Item] = []
        for member in members where member.key != "//" {
            let labels = Self.labelCounts[member.key] ?? 0
            for block in blocks(member.key, member.value, labels: labels, keyPosition: member.keyPosition) {
                items.append(.block(block))
            }
        }
        return HCLBody(items: items, range: range)
    }

    /// The blocks of one key: `labels` levels of nested objects, then a body or an array of bodies.
    private mutating func blocks(
        _ type: String, _ value: JSONValue, labels: Int, keyPosition: SourcePosition, prefix: [HCLBlock.Label] = []
    )
        -> [HCLBlock]
    {
        let typeIdentifier = HCLIdentifier(type, range: range(at: keyPosition))
        if prefix.count == labels {
            let bodies = value.elements ?? [value]
            return bodies.map { bodyValue in
                HCLBlock(
                    type: typeIdentifier, labels: prefix, body: body(bodyValue, blockType: type),
                    range: range(at: prefix.first?.range.start ?? keyPosition))
            }
        }
        guard let members = value.members else {
            errors.append(
                HCLSyntaxError(
                    code: .unexpectedToken, range: range(at: value.position),
                    message: "expected an object whose keys are the \(type) block's labels"))
            return []
        }
        return members.flatMap { member in
            blocks(
                type, member.value, labels: labels, keyPosition: keyPosition,
                prefix: prefix + [HCLBlock.Label(value: member.key, isQuoted: true, range: range(at: member.keyPosition))])
        }
    }

    private mutating func body(_ value: JSONValue, blockType: String) -> HCLBody {
        let bodyRange = range(at: value.position)
        guard let members = value.members else {
            errors.append(HCLSyntaxError(code: .unexpectedToken, range: bodyRange, message: "a \(blockType) block's body is a JSON object"))
            return HCLBody(items: [], range: bodyRange)
        }
        let nestedBlocks = blockType == "resource" || blockType == "data" || blockType == "nested" || blockType == "terraform"
        var items: [HCLBody.Item] = []
        for member in members where member.key != "//" {
            let name = HCLIdentifier(member.key, range: range(at: member.keyPosition))
            if member.key == "dynamic" {
                items += blocks("dynamic", member.value, labels: 1, keyPosition: member.keyPosition).map { .block($0) }
            } else if nestedBlocks && !Self.objectArguments.contains(member.key) && Self.isBlockShaped(member.value) {
                for bodyValue in member.value.elements ?? [member.value] {
                    items.append(
                        .block(
                            HCLBlock(
                                type: name, labels: [], body: body(bodyValue, blockType: "nested"),
                                range: range(at: member.keyPosition))))
                }
            } else {
                let expression = self.expression(member.value, asExpressionText: member.key == "type" && blockType == "variable")
                items.append(.attribute(HCLAttribute(name: name, value: expression, range: range(at: member.keyPosition))))
            }
        }
        return HCLBody(items: items, range: bodyRange)
    }

    private static func isBlockShaped(_ value: JSONValue) -> Bool {
        if value.members != nil { return true }
        guard let elements = value.elements, !elements.isEmpty else { return false }
        return elements.allSatisfy { $0.members != nil }
    }

    /// A JSON value as an expression: strings are templates (or, for a variable's `type`, expressions).
    mutating func expression(_ value: JSONValue, asExpressionText: Bool = false) -> HCLExpression {
        let range = self.range(at: value.position)
        switch value.kind {
        case .null: return HCLExpression(.null, range: range)
        case .bool(let flag): return HCLExpression(.bool(flag), range: range)
        case .integer(let number): return HCLExpression(.number(String(number)), range: range)
        case .double(let number): return HCLExpression(.number(String(number)), range: range)
        case .string(let text):
            if asExpressionText {
                return Self.parseExpression(text, file: file, at: value.position) ?? HCLExpression(.invalid, range: range)
            }
            let origin = SourcePosition(line: value.position.line, column: value.position.column + 1)
            let parsed = HCLTemplate.parse(text, file: file, origin: origin)
            errors += parsed.errors
            return HCLExpression(.template(HCLTemplate(parts: parsed.template.parts, style: .quoted)), range: range)
        case .array(let elements):
            return HCLExpression(.tuple(elements.map { expression($0) }), range: range)
        case .object(let members):
            let items = members.map { member in
                HCLObjectItem(
                    key: HCLExpression(
                        .template(HCLTemplate(parts: [.literal(member.key, range: self.range(at: member.keyPosition))], style: .quoted)),
                        range: self.range(at: member.keyPosition)),
                    keyIsBareIdentifier: false, value: expression(member.value))
            }
            return HCLExpression(.object(items), range: range)
        }
    }

    /// An expression written as text (a JSON variable's `type`, a `--var` value): parsed as HCL, nil if it is not one.
    static func parseExpression(_ text: String, file: String, at position: SourcePosition) -> HCLExpression? {
        let parsed = HCLFile(parsing: "_ = " + text, file: file)
        guard parsed.errors.isEmpty, parsed.body.items.count == 1, let attribute = parsed.body.attributes.first else { return nil }
        return attribute.value.relocated(to: HCLSourceRange(file: file, start: position, end: position, startOffset: 0, endOffset: 0))
    }

    func range(at position: SourcePosition) -> HCLSourceRange {
        HCLSourceRange(file: file, start: position, end: position, startOffset: 0, endOffset: 0)
    }
}

extension HCLExpression {
    /// The expression with its own range set to `range` (its parts keep theirs).
    func relocated(to range: HCLSourceRange) -> HCLExpression {
        HCLExpression(kind, range: range)
    }
}

extension JSONValue {
    /// A `.tfvars.json` value: strings are literal, never templates.
    func terraformValue(file: String) -> TerraformValue {
        let location = SourceLocation(file: file, position: position)
        switch kind {
        case .null: return TerraformValue(.null, location: location)
        case .bool(let flag): return .bool(flag, at: location)
        case .integer(let number): return .number(Double(number), at: location)
        case .double(let number): return .number(number, at: location)
        case .string(let text): return .string(text, at: location)
        case .array(let elements): return .tuple(elements.map { $0.terraformValue(file: file) }, at: location)
        case .object(let members):
            var values: [String: TerraformValue] = [:]
            for member in members { values[member.key] = member.value.terraformValue(file: file) }
            return .object(values, at: location)
        }
    }
}
