import ARMTemplates
import LocatedJSON
import LocatedYAML
import SourceModel
import Yams
import PostureModel
import Testing
@testable import RuleEngine

/// Conditions parsed from YAML and evaluated against hand-built resources.
@Suite("Rule conditions")
struct ConditionTests {
    static func resource(_ json: String, type: String = "Microsoft.CognitiveServices/accounts", name: String = "acct") throws -> Resource {
        let body = Value(json: try JSONReader().read(json), file: "fixture.json")
        let id = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/\(type)/\(name)"
        return Resource(
            type: ResourceType(type), name: name, id: id, body: body, source: SourceLocation(file: "fixture.json", line: 1, column: 1),
            origin: .arm)
    }

    static func truth(_ conditionYAML: String, on resource: Resource, with others: [Resource] = []) throws -> Truth {
        var parser = RuleParser(file: "condition.yaml", parameters: .defaults())
        let node = YAMLNode(node: try #require(try Yams.compose(yaml: conditionYAML)), file: "condition.yaml")
        let parsed = parser.parseCondition(node)
        let condition = try #require(parsed, "\(parser.errors)")
        var context = RuleEvaluator.Context(resource: resource, index: ResourceIndex([resource] + others))
        return context.evaluate(condition).truth
    }

    @Test(
        "comparison operators follow Azure Policy",
        arguments: [
            ("field: properties.mode\nequals: blocking", Truth.true),
            ("field: properties.mode\nnotEquals: BLOCKING", .false),
            ("field: properties.mode\nin: [Default, Blocking]", .true),
            ("field: properties.mode\nnotIn: [Default]", .true),
            ("field: properties.missing\nequals: x", .false),
            ("field: properties.missing\nnotEquals: x", .true),
            ("field: properties.missing\nnotIn: [x]", .true),
            ("field: properties.missing\nexists: false", .true),
            ("field: properties.mode\nexists: true", .true),
            ("field: properties.mode\ncontains: LOCK", .true),
            ("field: properties.list\ncontains: b", .true),
            ("field: properties.list\nnotContains: z", .true),
            ("field: name\nlike: 'ac*'", .true),
            ("field: name\nnotLike: '*z*'", .true),
            ("field: properties.code\nmatch: '??-###'", .true),
            ("field: properties.code\nmatch: 'ab-###'", .false),
            ("field: properties.code\nmatchInsensitively: 'ab-###'", .true),
            ("field: properties.count\ngreater: 2", .true),
            ("field: properties.count\ngreaterOrEquals: 3", .true),
            ("field: properties.count\nless: 3", .false),
            ("field: properties.count\nlessOrEquals: 3", .true),
            ("field: properties.enabled\nequals: true", .true),
            ("field: properties.enabled\nequals: 'True'", .true),
            ("field: properties.range\nincludesPort: [22, 3389]", .true),
            ("field: properties.range\nincludesPort: [3389]", .false),
            ("field: properties.star\nincludesPort: [22]", .true),
            ("field: properties.count\nincludesPort: [3]", .true),
            ("field: properties.mode\nincludesPort: [22]", .false),
            ("field: properties.tags\ncontainsKey: Data-Classification", .true),
            ("field: properties.tags\nnotContainsKey: owner", .true),
        ])
    func operators(condition: String, expected: Truth) throws {
        let resource = try Self.resource(
            #"{"name": "acct", "properties": {"mode": "Blocking", "list": ["a", "B"], "code": "AB-123", "count": 3, "enabled": true, "range": "20-30", "star": "*", "tags": {"data-classification": "x"}}}"#
        )
        #expect(try Self.truth(condition, on: resource) == expected)
    }

    @Test("[*] requires every element, walks object values, and treats an empty array as satisfied")
    func wildcards() throws {
        let resource = try Self.resource(
            #"{"properties": {"rules": [{"value": "10.0.0.0/8"}, {"value": "0.0.0.0/0"}], "empty": [], "outbound": {"a": {"type": "FQDN"}, "b": {"type": "PrivateEndpoint"}}}}"#
        )
        #expect(try Self.truth("field: properties.rules[*].value\nnotEquals: 0.0.0.0/0", on: resource) == .false)
        #expect(try Self.truth("field: properties.rules[*].value\nnotEquals: 1.1.1.1", on: resource) == .true)
        #expect(try Self.truth("field: properties.empty[*].value\nequals: x", on: resource) == .true)
        #expect(try Self.truth("field: properties.outbound[*].type\nin: [FQDN, PrivateEndpoint]", on: resource) == .true)
    }

    @Test("count with where counts matching elements, relative to the element")
    func counting() throws {
        let resource = try Self.resource(
            #"{"properties": {"contentFilters": [{"name": "Hate", "blocking": true, "source": "Prompt"}, {"name": "Violence", "blocking": false, "source": "Prompt"}, {"name": "Hate", "blocking": true, "source": "Completion"}]}}"#
        )
        let yaml = """
            count:
              field: properties.contentFilters[*]
              where:
                allOf:
                  - field: properties.contentFilters[*].blocking
                    equals: true
                  - field: properties.contentFilters[*].source
                    equals: prompt
            equals: 1
            """
        #expect(try Self.truth(yaml, on: resource) == .true)
        #expect(try Self.truth("count:\n  field: properties.contentFilters[*]\ngreater: 2", on: resource) == .true)
        #expect(try Self.truth("count:\n  field: properties.none[*]\nequals: 0", on: resource) == .true)
    }

    @Test("unknown values make comparisons unknown, and logic is three-valued")
    func threeValued() throws {
        let resource = try Self.resource(#"{"properties": {"known": "Disabled"}}"#)
        var body = resource
        body.body = Value(
            .object([
                Value.Member(
                    key: "properties",
                    value: Value(
                        .object([
                            Value.Member(key: "known", value: .string("Disabled")),
                            Value.Member(key: "later", value: .unknown("[parameters('x')]", reason: "no value")),
                        ])))
            ]))
        #expect(try Self.truth("field: properties.later\nequals: x", on: body) == .unknown)
        #expect(try Self.truth("field: properties.later\nexists: true", on: body) == .unknown, "an unknown value may be null at deployment")
        #expect(
            try Self.truth("allOf:\n  - field: properties.later\n    equals: x\n  - field: properties.known\n    equals: Enabled", on: body)
                == .false)
        #expect(
            try Self.truth(
                "anyOf:\n  - field: properties.later\n    equals: x\n  - field: properties.known\n    equals: Disabled", on: body) == .true)
        #expect(
            try Self.truth("anyOf:\n  - field: properties.later\n    equals: x\n  - field: properties.known\n    equals: Enabled", on: body)
                == .unknown)
        #expect(try Self.truth("not:\n  field: properties.later\n  equals: x", on: body) == .unknown)
        var someUnknown = resource
        someUnknown.body = Value(
            .object([
                Value.Member(
                    key: "properties",
                    value: Value(
                        .object([
                            Value.Member(
                                key: "list",
                                value: Value(.array([.string("a.example.com"), .unknown("[parameters('b')]", reason: "no value")])))
                        ])))
            ]))
        #expect(
            try Self.truth("count:\n  field: properties.list[*]\nequals: 2", on: someUnknown) == .true, "an unknown element still exists")
        #expect(
            try Self.truth(
                "count:\n  field: properties.list[*]\n  where:\n    field: properties.list[*]\n    like: '*.example.com'\ngreaterOrEquals: 1",
                on: someUnknown) == .true)
        #expect(
            try Self.truth(
                "count:\n  field: properties.list[*]\n  where:\n    field: properties.list[*]\n    like: '*.example.com'\nequals: 1",
                on: someUnknown) == .unknown)
        var partly = resource
        partly.body = Value(
            .object([
                Value.Member(
                    key: "properties",
                    value: Value(
                        .object([
                            Value.Member(
                                key: "list", value: Value(.array([.string("known"), .unknown("[parameters('f')]", reason: "no value")])))
                        ])))
            ]))
        #expect(try Self.truth("field: properties.list\ncontains: known", on: partly) == .true, "a known element is found")
        #expect(try Self.truth("field: properties.list\ncontains: other", on: partly) == .unknown, "the unknown element may be it")
        #expect(try Self.truth("field: properties.list\nequals: [known, x]", on: partly) == .unknown)
        var unknownProperties = resource
        unknownProperties.body = Value(.object([Value.Member(key: "properties", value: .unknown("[variables('p')]", reason: "loop"))]))
        #expect(try Self.truth("field: properties.a.b\nequals: x", on: unknownProperties) == .unknown)
    }

    @Test("related finds a resource of another type that refers to this one")
    func related() throws {
        let account = try Self.resource("{}")
        let endpoint = try Self.resource(
            #"{"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "/SUBSCRIPTIONS/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/acct"}}]}}"#,
            type: "Microsoft.Network/privateEndpoints", name: "pe")
        let elsewhere = try Self.resource(
            #"{"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "/subscriptions/x/other"}}]}}"#,
            type: "Microsoft.Network/privateEndpoints", name: "pe2")
        let clause =
            "related:\n  type: Microsoft.Network/privateEndpoints\n  path: properties.privateLinkServiceConnections[*].properties.privateLinkServiceId"
        #expect(try Self.truth(clause, on: account, with: [endpoint]) == .true)
        #expect(try Self.truth(clause, on: account, with: [elsewhere]) == .false)
        #expect(try Self.truth(clause + "\nexists: false", on: account, with: [elsewhere]) == .true)
        #expect(try Self.truth(clause + "\n  where:\n    field: name\n    equals: other", on: account, with: [endpoint]) == .false)
        var pending = elsewhere
        pending.body = Value(.object([Value.Member(key: "properties", value: .unknown("[x]", reason: "r"))]))
        #expect(try Self.truth(clause, on: account, with: [pending]) == .unknown)
    }

    @Test("related with via finds the resource whose id this one holds; a clause takes path or via, not both")
    func relatedVia() throws {
        let registry = try Self.resource(
            #"{"properties": {"publicNetworkAccess": "Disabled"}}"#, type: "Microsoft.ContainerRegistry/registries", name: "acr")
        let workspace = try Self.resource(
            #"{"properties": {"containerRegistry": "\#(registry.id.uppercased())"}}"#, type: "Microsoft.MachineLearningServices/workspaces",
            name: "ws")
        let clause = "related:\n  type: Microsoft.ContainerRegistry/registries\n  via: properties.containerRegistry"
        #expect(try Self.truth(clause, on: workspace, with: [registry]) == .true, "ids compare case-insensitively")
        #expect(
            try Self.truth(
                clause + "\n  where: { field: properties.publicNetworkAccess, equals: Enabled }", on: workspace, with: [registry]) == .false
        )
        #expect(try Self.truth(clause, on: try Self.resource(#"{"properties": {}}"#, name: "other"), with: [registry]) == .false)
        var pending = workspace
        pending.body = Value(.object([Value.Member(key: "properties", value: .unknown("[x]", reason: "r"))]))
        #expect(try Self.truth(clause, on: pending, with: [registry]) == .unknown)
        #expect(try Self.truth(clause, on: pending) == .false, "no registry in the deployment: nothing to link to")
        var parser = RuleParser(file: "condition.yaml", parameters: .defaults())
        let both = clause + "\n  path: properties.x"
        let node = YAMLNode(node: try #require(try Yams.compose(yaml: both)), file: "condition.yaml")
        #expect(parser.parseCondition(node) == nil)
        #expect(parser.errors.map(\.message) == ["a 'related' clause takes 'path' or 'via', not both"])
    }

    @Test("applicability: a rule judges only its types, its kinds, and where its where-clause is not false")
    func applicability() throws {
        var catalog = RuleCatalog()
        catalog.add(
            yaml: RuleLoadingTests.ruleFile().replacingOccurrences(
                of: "types: [Microsoft.Test/things]",
                with: "types: [Microsoft.Test/things]\n      kinds: [OpenAI]\n      where: { field: properties.tier, notEquals: Free }"
            ), file: "applicability.yaml")
        let rule = try #require(catalog.rules.first, "\(catalog.errors)")
        func finding(_ json: String, type: String = "Microsoft.Test/things") throws -> FindingStatus? {
            let resource = try Self.resource(json, type: type)
            return RuleEvaluator().evaluate(rule, on: resource, in: ResourceIndex([resource]))?.status
        }
        #expect(try finding(#"{"kind": "openai", "properties": {"x": true}}"#) == .pass)
        #expect(try finding(#"{"kind": "OpenAI", "properties": {"x": false}}"#) == .fail)
        #expect(try finding(#"{"kind": "Face", "properties": {"x": false}}"#) == nil)
        #expect(try finding(#"{"properties": {"x": false}}"#) == nil, "no kind, not one of the kinds")
        #expect(try finding(#"{"kind": "OpenAI", "properties": {"x": false, "tier": "Free"}}"#) == nil)
        #expect(
            try finding(#"{"kind": "OpenAI", "properties": {"x": false}}"#, type: "MICROSOFT.TEST/THINGS") == .fail,
            "types compare case-insensitively")
        #expect(try finding(#"{"kind": "OpenAI", "properties": {"x": false}}"#, type: "Microsoft.Test/others") == nil)
    }
}
