import LocatedJSON
import LocatedYAML
import PostureModel
import SourceModel
import Testing
import Yams

@testable import RuleEngine

/// `resources:` conditions: their three forms, their scope, and what incomplete coverage does to them.
@Suite("Aggregate conditions")
struct AggregateTests {
    static let tenant = "/tenants/11111111-1111-1111-1111-111111111111"

    static func resource(_ type: String, id: String, _ json: String = "{}") throws -> Resource {
        let body = Value(json: try JSONReader().read(json), file: "fixture.json")
        return Resource(
            type: ResourceType(type), name: String(id.split(separator: "/").last ?? ""), id: id, body: body,
            source: SourceLocation(file: "fixture.json", line: 1, column: 1), origin: .arm)
    }

    static func policy(_ name: String, state: String) throws -> Resource {
        try resource(
            "Microsoft.Graph/conditionalAccessPolicies", id: name,
            #"{"properties": {"displayName": "\#(name)", "state": "\#(state)"}}"#)
    }

    static func condition(_ yaml: String) throws -> Condition {
        var parser = RuleParser(file: "condition.yaml", parameters: .defaults())
        let node = YAMLNode(node: try #require(try Yams.compose(yaml: yaml)), file: "condition.yaml")
        let parsed = parser.parseCondition(node)
        return try #require(parsed, "\(parser.errors)")
    }

    static func errors(_ yaml: String) throws -> [Diagnostic] {
        var parser = RuleParser(file: "condition.yaml", parameters: .defaults())
        let node = YAMLNode(node: try #require(try Yams.compose(yaml: yaml)), file: "condition.yaml")
        #expect(parser.parseCondition(node) == nil)
        return parser.errors
    }

    static func outcome(
        _ yaml: String, on subject: Resource, with others: [Resource], coverage: [ResourceType: Coverage] = [:]
    ) throws -> Outcome {
        let condition = try condition(yaml)
        var context = RuleEvaluator.Context(resource: subject, index: ResourceIndex([subject] + others, coverage: coverage))
        return context.evaluate(condition)
    }

    static let enabled = """
        resources:
          type: Microsoft.Graph/conditionalAccessPolicies
          where: { field: properties.state, equals: enabled }

        """

    @Test(
        "some, none and counts over a tenant's policies",
        arguments: [
            ("some: true", Truth.true), ("some: false", .false), ("none: true", .false), ("none: false", .true),
            ("equals: 1", .true), ("greaterOrEquals: 2", .false), ("less: 2", .true), ("in: [0, 1]", .true),
            ("notIn: [1]", .false),
        ])
    func forms(quantifier: String, expected: Truth) throws {
        let tenant = try Self.resource("Microsoft.Graph/tenants", id: Self.tenant)
        let policies = [
            try Self.policy("a", state: "enabled"), try Self.policy("b", state: "disabled"),
            try Self.policy("c", state: "enabledForReportingButNotEnforced"),
        ]
        let outcome = try Self.outcome(Self.enabled + quantifier, on: tenant, with: policies)
        #expect(outcome.truth == expected)
        #expect(outcome.evidence?.note == "1 of 3 Microsoft.Graph/conditionalAccessPolicies match properties.state equals enabled")
    }

    @Test("a tenant without any policy has none: some fails, none passes")
    func emptyTenant() throws {
        let tenant = try Self.resource("Microsoft.Graph/tenants", id: Self.tenant)
        #expect(try Self.outcome(Self.enabled + "some: true", on: tenant, with: []).truth == .false)
        #expect(try Self.outcome(Self.enabled + "none: true", on: tenant, with: []).truth == .true)
    }

    @Test("a subscription's scope is the resources under its id, case-insensitively, and no others")
    func subscriptionScope() throws {
        let subscription = try Self.resource("Microsoft.Resources/subscriptions", id: "/subscriptions/AAAA")
        let others = [
            try Self.resource("Microsoft.Security/pricings", id: "/subscriptions/aaaa/providers/Microsoft.Security/pricings/AI"),
            try Self.resource(
                "Microsoft.Security/pricings", id: "/subscriptions/AAAA/providers/Microsoft.Security/pricings/VirtualMachines"),
            try Self.resource("Microsoft.Security/pricings", id: "/subscriptions/aaaab/providers/Microsoft.Security/pricings/AI"),
            try Self.resource("Microsoft.Security/pricings", id: "/subscriptions/bbbb/providers/Microsoft.Security/pricings/AI"),
        ]
        let yaml = "resources: { type: Microsoft.Security/pricings }\nequals: 2"
        #expect(try Self.outcome(yaml, on: subscription, with: others).truth == .true)
        let scanned = ResourceIndex([subscription] + others, links: .scan)
        var context = RuleEvaluator.Context(resource: subscription, index: scanned)
        #expect(context.evaluate(try Self.condition(yaml)).truth == .true)
    }

    @Test("several types are counted together")
    func severalTypes() throws {
        let tenant = try Self.resource("Microsoft.Graph/tenants", id: Self.tenant)
        let globalAdministrator = #"{"properties": {"roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10"}}"#
        let others = [
            try Self.resource("Microsoft.Graph/roleAssignments", id: "a1", globalAdministrator),
            try Self.resource("Microsoft.Graph/roleEligibilitySchedules", id: "e1", globalAdministrator),
            try Self.resource("Microsoft.Graph/roleEligibilitySchedules", id: "e2", #"{"properties": {"roleDefinitionId": "other"}}"#),
        ]
        let yaml = """
            resources:
              type: [Microsoft.Graph/roleAssignments, Microsoft.Graph/roleEligibilitySchedules]
              where: { field: properties.roleDefinitionId, equals: 62e90394-69f5-4237-9190-012177145e10 }
            in: [2, 3, 4]
            """
        let outcome = try Self.outcome(yaml, on: tenant, with: others)
        #expect(outcome.truth == .true)
        #expect(
            outcome.evidence?.note?.hasPrefix("2 of 3 Microsoft.Graph/roleAssignments or Microsoft.Graph/roleEligibilitySchedules") == true)
    }

    @Test("any other resource's scope is the resources under its id")
    func resourceScope() throws {
        let account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai"
        let subject = try Self.resource("Microsoft.CognitiveServices/accounts", id: account)
        let deployments = [
            try Self.resource("Microsoft.CognitiveServices/accounts/deployments", id: account + "/deployments/gpt-4o"),
            try Self.resource("Microsoft.CognitiveServices/accounts/deployments", id: account + "2/deployments/gpt-4o"),
        ]
        let yaml = "resources: { type: Microsoft.CognitiveServices/accounts/deployments }\nequals: 1"
        #expect(try Self.outcome(yaml, on: subject, with: deployments).truth == .true)
    }

    @Test("a type not completely read makes none and at-most counts unknown, and says why")
    func incompleteCoverage() throws {
        let tenant = try Self.resource("Microsoft.Graph/tenants", id: Self.tenant)
        let coverage: [ResourceType: Coverage] = [
            "Microsoft.Graph/conditionalAccessPolicies": .incomplete(reason: "denied: the identity lacks Policy.Read.All")
        ]
        let disabled = [try Self.policy("b", state: "disabled")]
        let none = try Self.outcome(Self.enabled + "none: true", on: tenant, with: disabled, coverage: coverage)
        #expect(none.truth == .unknown)
        #expect(none.evidence?.unread?.contains("denied: the identity lacks Policy.Read.All") == true)
        #expect(try Self.outcome(Self.enabled + "some: true", on: tenant, with: disabled, coverage: coverage).truth == .unknown)
        #expect(try Self.outcome(Self.enabled + "lessOrEquals: 3", on: tenant, with: disabled, coverage: coverage).truth == .unknown)
        // A match found proves itself; enough matches disprove an upper bound.
        let two = [try Self.policy("a", state: "enabled"), try Self.policy("c", state: "enabled")]
        #expect(try Self.outcome(Self.enabled + "some: true", on: tenant, with: two, coverage: coverage).truth == .true)
        #expect(try Self.outcome(Self.enabled + "none: true", on: tenant, with: two, coverage: coverage).truth == .false)
        #expect(try Self.outcome(Self.enabled + "lessOrEquals: 1", on: tenant, with: two, coverage: coverage).truth == .false)
        #expect(try Self.outcome(Self.enabled + "greaterOrEquals: 2", on: tenant, with: two, coverage: coverage).truth == .true)
    }

    @Test("a related clause over a type not completely read is unknown unless a match is found")
    func relatedCoverage() throws {
        let account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai"
        let subject = try Self.resource("Microsoft.CognitiveServices/accounts", id: account)
        let setting = try Self.resource(
            "Microsoft.Insights/diagnosticSettings", id: account + "/providers/Microsoft.Insights/diagnosticSettings/d",
            #"{"scope": "\#(account.uppercased())"}"#)
        let yaml = "related: { type: Microsoft.Insights/diagnosticSettings, path: scope }"
        let coverage: [ResourceType: Coverage] = [
            "Microsoft.Insights/diagnosticSettings": .incomplete(reason: "partial: 2 of 3 subscriptions read")
        ]
        #expect(try Self.outcome(yaml, on: subject, with: [setting], coverage: coverage).truth == .true)
        let missing = try Self.outcome(yaml, on: subject, with: [], coverage: coverage)
        #expect(missing.truth == .unknown)
        #expect(try Self.outcome(yaml + "\nexists: false", on: subject, with: [], coverage: coverage).truth == .unknown)
        #expect(try Self.outcome(yaml, on: subject, with: []).truth == .false)

        let rule = try #require(RuleCatalog.builtIn().rule(withID: "BW-AI-010"))
        let kinded = try Self.resource("Microsoft.CognitiveServices/accounts", id: account, #"{"kind": "OpenAI", "properties": {}}"#)
        let finding = RuleEvaluator().evaluate(rule, on: kinded, in: ResourceIndex([kinded], coverage: coverage))
        #expect(finding?.status == .unknown)
        #expect(finding?.message.contains("partial: 2 of 3 subscriptions read") == true)
        #expect(finding?.message.contains("from the template") == false)
    }

    @Test(
        "malformed aggregates are reported at their line and column",
        arguments: [
            ("resources: { where: { field: name, exists: true } }\nsome: true", 1, 12, "expected 'type' in 'resources'"),
            ("resources: { type: A/b, were: { field: name, exists: true } }\nsome: true", 1, 25, "unknown key 'were'"),
            ("resources: { type: A/b }", 1, 1, "expected 'some: true', 'none: true' or a count operator"),
            ("resources: { type: A/b }\nsome: true\nnone: true", 1, 1, "found 'some', 'none'"),
            ("resources: { type: A/b }\nsome: maybe", 2, 7, "expected 'some: true' or 'some: false'"),
            ("resources: { type: A/b }\ngreaterOrEquals: many", 2, 18, "expected a number of resources"),
            ("resources: { type: accounts }\nsome: true", 1, 20, "expected a resource type (Namespace/type)"),
            ("resources: { type: A/b }\natLeast: 2", 2, 1, "unknown quantifier 'atLeast'"),
            ("resources: { type: A/b }\ncontains: 2", 2, 1, "unknown quantifier 'contains'"),
        ])
    func parserErrors(yaml: String, line: Int, column: Int, message: String) throws {
        let errors = try Self.errors(yaml)
        let error = try #require(errors.first)
        #expect(error.message.contains(message), "\(error)")
        #expect(error.location.line == line && error.location.column == column, "\(error)")
    }
}
