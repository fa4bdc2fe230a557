import SourceModel
import PostureModel
import LocatedYAML

/// Reads rule files: YAML with a top-level `rules:` list. Every problem is collected with its file:line:col,
/// so one bad rule does not hide the others.
struct RuleParser {
    let file: String
    let parameters: RuleParameters
    var errors: [Diagnostic] = []
    /// Parameters read by the rule being parsed.
    var parametersUsed: Set<String> = []

    init(file: String, parameters: RuleParameters) {
        self.file = file
        self.parameters = parameters
    }

    private static let ruleKeys: Set<String> = [
        "id", "title", "severity", "category", "controls", "resource", "require", "message", "rationale",
        "remediation", "compliance", "links", "equivalents", "differences", "examples", "defaults",
    ]

    mutating func parse(_ text: String) -> [Rule] {
        let document: YAMLNode
        do throws(YAMLSyntaxError) {
            guard let root = try YAMLDocument.compose(text, file: file) else { return [] }
            document = root
        } catch {
            errors.append(error.diagnostic())
            return []
        }
        guard let list = document["rules"]?.sequence else {
            fail(.missingKey, document, "expected a top-level 'rules:' list")
            return []
        }
        var rules: [Rule] = []
        for item in list { if let rule = parseRule(item) { rules.append(rule) } }
        return rules
    }

    mutating func fail(_ code: Diagnostic.Code, _ node: YAMLNode, _ message: String) {
        errors.append(Diagnostic(code, at: node.location, message))
    }

    private mutating func requiredString(_ key: String, in node: YAMLNode) -> String? {
        guard let value = node[key] else {
            fail(.missingKey, node, "expected '\(key)' in this rule")
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            fail(.invalidValue, value, "expected '\(key)' to be a non-empty string")
            return nil
        }
        return text
    }

    private mutating func parseRule(_ node: YAMLNode) -> Rule? {
        guard let members = node.mapping else {
            fail(.invalidValue, node, "expected a rule mapping with id, title, severity, resource and require")
            return nil
        }
        let errorCount = errors.count
        parametersUsed = []
        for member in members where !Self.ruleKeys.contains(member.key) {
            errors.append(
                Diagnostic(
                    .unknownKey, at: member.keyLocation,
                    "unknown rule key '\(member.key)'; expected one of \(Self.ruleKeys.sorted().joined(separator: ", "))"))
        }
        let id = requiredString("id", in: node)
        let title = requiredString("title", in: node)
        let category = requiredString("category", in: node)
        let message = requiredString("message", in: node)
        let rationale = requiredString("rationale", in: node)
        var severity: Severity?
        if let text = requiredString("severity", in: node) {
            severity = Severity(rawValue: text)
            if severity == nil {
                fail(.invalidValue, node["severity"]!, "unknown severity '\(text)'; expected critical, high, medium, low or info")
            }
        }
        let controls = parseControls(node["controls"], owner: node)
        let applicability = parseApplicability(node["resource"], owner: node)
        var requirement: Condition?
        if let require = node["require"] {
            requirement = parseCondition(require)
        } else {
            fail(.missingKey, node, "expected 'require': the condition a compliant resource meets")
        }
        let defaults = node["defaults"].map { parseDefaults($0, readBy: [requirement, applicability?.condition].compactMap { $0 }) } ?? []
        let remediation = parseRemediation(node["remediation"], owner: node)
        let compliance = parseCompliance(node["compliance"], owner: node)
        let examples = parseExamples(node["examples"], owner: node)
        guard errors.count == errorCount, let id, let title, let category, let message, let rationale, let severity,
            let applicability, let requirement, let remediation, let examples
        else { return nil }
        return Rule(
            id: id, title: title, severity: severity, category: category, controls: controls,
            applicability: applicability, requirement: requirement, defaults: defaults, failureMessage: message, rationale: rationale,
            remediation: remediation, compliance: compliance, links: node["links"]?.strings() ?? [],
            equivalents: node["equivalents"]?.strings() ?? [], differences: node["differences"]?.strings() ?? [],
            examples: examples, parameters: parametersUsed.sorted(), source: node.location
        )
    }

    private mutating func parseControls(_ node: YAMLNode?, owner: YAMLNode) -> [Control] {
        guard let node else {
            fail(.missingKey, owner, "expected 'controls': the seed control ids this rule implements")
            return []
        }
        // An empty list is allowed, and honest, for checks that serve none of the seed controls (availability).
        guard let names = node.strings() else {
            fail(.invalidValue, node, "expected 'controls' to be a list of control ids")
            return []
        }
        return names.compactMap { name in
            if let control = Control(rawValue: name) { return control }
            fail(.invalidValue, node, "unknown control '\(name)'; see docs/controls.md for the 21 control ids")
            return nil
        }
    }

    private mutating func parseApplicability(_ node: YAMLNode?, owner: YAMLNode) -> Rule.Applicability? {
        guard let node else {
            fail(.missingKey, owner, "expected 'resource:' with the resource 'types' this rule applies to")
            return nil
        }
        guard rejectUnknownKeys(node, allowed: ["types", "kinds", "where"], in: "resource") else { return nil }
        guard let types = node["types"]?.strings(), !types.isEmpty else {
            fail(.missingKey, node, "expected 'types': a list of full resource types such as Microsoft.CognitiveServices/accounts")
            return nil
        }
        for type in types where type.split(separator: "/").count < 2 || !type.contains(".") {
            fail(.invalidValue, node, "'\(type)' is not a full resource type; write Namespace/type[/child]")
        }
        let condition = node["where"].flatMap { parseCondition($0) }
        return Rule.Applicability(types: types.map { ResourceType($0) }, kinds: node["kinds"]?.strings() ?? [], condition: condition)
    }

    private mutating func parseRemediation(_ node: YAMLNode?, owner: YAMLNode) -> Rule.Remediation? {
        guard let node else {
            fail(.missingKey, owner, "expected 'remediation' with az, bicep and terraform snippets")
            return nil
        }
        guard rejectUnknownKeys(node, allowed: ["az", "bicep", "terraform"], in: "remediation") else { return nil }
        let remediation = Rule.Remediation(az: node["az"]?.string, bicep: node["bicep"]?.string, terraform: node["terraform"]?.string)
        if remediation.az == nil, remediation.bicep == nil, remediation.terraform == nil {
            fail(.invalidValue, node, "expected at least one of az, bicep, terraform in 'remediation'")
        }
        return remediation
    }

    private mutating func parseCompliance(_ node: YAMLNode?, owner: YAMLNode) -> [String: [String]] {
        guard let node else { return [:] }
        guard let members = node.mapping else {
            fail(.invalidValue, node, "expected 'compliance' to map a framework (MCSB) to control ids")
            return [:]
        }
        var compliance: [String: [String]] = [:]
        for member in members {
            guard let ids = member.value.strings() else {
                fail(.invalidValue, member.value, "expected a list of \(member.key) control ids")
                continue
            }
            compliance[member.key] = ids
        }
        return compliance
    }

    private mutating func parseExamples(_ node: YAMLNode?, owner: YAMLNode) -> Rule.Examples? {
        guard let node else {
            fail(.missingKey, owner, "expected 'examples' with a 'pass' and a 'fail' resource snippet")
            return nil
        }
        guard rejectUnknownKeys(node, allowed: ["pass", "fail", "parameters"], in: "examples") else { return nil }
        var exampleParameters: [String: Value] = [:]
        for member in node["parameters"]?.mapping ?? [] {
            guard let definition = parameters.definition(member.key) else {
                errors.append(Diagnostic(.unknownKey, at: member.keyLocation, "unknown rule parameter '\(member.key)' in the examples"))
                continue
            }
            let value = member.value.value()
            if let problem = RuleParameters.check(value, against: definition) {
                fail(.invalidValue, member.value, "example parameter '\(member.key)' \(problem)")
            }
            exampleParameters[member.key] = value
        }
        func snippets(_ key: String) -> [Value]? {
            guard let entry = node[key] else { return nil }
            if let list = entry.sequence { return list.map { $0.value() } }
            return [entry.value()]
        }
        guard let passing = snippets("pass"), let failing = snippets("fail") else {
            fail(.missingKey, node, "expected both 'pass' and 'fail' examples")
            return nil
        }
        return Rule.Examples(passing: passing, failing: failing, parameters: exampleParameters)
    }
}
