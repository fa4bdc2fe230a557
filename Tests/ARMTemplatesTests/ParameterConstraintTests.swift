import ARMTemplates
import SourceModel
import PostureModel
import Testing

/// Parameter values are checked as ARM checks them: the declared type, minValue/maxValue and minLength/maxLength,
/// for values from a parameter file, from a parent deployment and for defaults.
@Suite("Parameter constraints")
struct ParameterConstraintTests {
    static let resource = """
        [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st", "properties": {}}]
        """

    static func parameterFile(_ value: String, name: String = "p") -> String {
        #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"\#(name)": {"value": \#(value)}}}"#
    }

    static func problems(declaring declaration: String, value: String) throws -> [Diagnostic] {
        try TemplateFixtures.load(
            TemplateFixtures.template(resources: resource, parameters: #"{"p": \#(declaration)}"#), parameters: parameterFile(value)
        ).problems
    }

    static func errors(declaring declaration: String, value: String) throws -> [Diagnostic] {
        try problems(declaring: declaration, value: value).filter { $0.severity == .error }
    }

    @Test(
        "a value of the wrong type is an error at the value in the parameter file, naming the parameter and both types",
        arguments: [
            ("string", "42", "an int"), ("securestring", "true", "a bool"), ("int", #""42""#, "a string"), ("int", "4.5", "a float"),
            ("bool", #""true""#, "a string"), ("object", "[1]", "an array"), ("secureObject", #""x""#, "a string"),
            ("array", #"{"a": 1}"#, "an object"),
        ])
    func wrongType(type: String, value: String, given: String) throws {
        let errors = try Self.errors(declaring: #"{"type": "\#(type)"}"#, value: value)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.code == .invalidParameterFile)
        #expect(
            error.message == "parameter 'p' is declared as \(type), but the value given is \(given); Azure would reject this deployment")
        // The value starts after `{"value": ` in the one-line parameter file.
        let file = Self.parameterFile(value)
        let column = try #require(file.range(of: #""value": "#).map { file.distance(from: file.startIndex, to: $0.upperBound) + 1 })
        #expect(error.location.file == "template.parameters.json" && error.location.line == 1 && error.location.column == column)
    }

    @Test(
        "values of the declared type pass; null, Key Vault references and expressions are not type-checked",
        arguments: [
            ("string", #""eastus""#), ("securestring", #""s3cret""#), ("int", "42"), ("bool", "false"), ("object", #"{"a": 1}"#),
            ("secureObject", "{}"), ("array", "[1, \"a\"]"), ("String", #""x""#), ("int", "null"), ("int", #""[parameters('x')]""#),
        ])
    func rightType(type: String, value: String) throws {
        #expect(try Self.problems(declaring: #"{"type": "\#(type)", "defaultValue": null}"#, value: value).isEmpty)
    }

    @Test(
        "bounds broken (minValue, maxValue, minLength, maxLength) are warnings, as AVM placeholders break them; secure values stay untold")
    func bounds() throws {
        let cases: [(String, String, String)] = [
            (#"{"type": "int", "minValue": 1}"#, "0", "parameter 'p' has a minValue of 1, but the value given is 0"),
            (#"{"type": "int", "maxValue": 3}"#, "7", "parameter 'p' has a maxValue of 3, but the value given is 7"),
            (#"{"type": "string", "minLength": 3}"#, #""ab""#, "parameter 'p' has a minLength of 3, but the value given has 2 characters"),
            (
                #"{"type": "securestring", "maxLength": 4}"#, #""hunter22""#,
                "parameter 'p' has a maxLength of 4, but the value given is longer"
            ),
            (#"{"type": "array", "maxLength": 1}"#, "[1, 2]", "parameter 'p' has a maxLength of 1, but the value given has 2 elements"),
        ]
        for (declaration, value, message) in cases {
            let problems = try Self.problems(declaring: declaration, value: value)
            #expect(problems.map(\.message) == [message + "; Azure would reject this deployment"])
            #expect(problems.allSatisfy { $0.severity == .warning && $0.location.file == "template.parameters.json" })
            #expect(problems.allSatisfy { !$0.message.contains("hunter22") && !$0.message.contains("8") })
        }
        #expect(try Self.problems(declaring: #"{"type": "int", "minValue": 1, "maxValue": 3}"#, value: "2").isEmpty)
        #expect(try Self.problems(declaring: #"{"type": "string", "minLength": 1, "maxLength": 3}"#, value: #""abc""#).isEmpty)
    }

    @Test("a default of the wrong type is a template error at the default, once evaluated (an expression included)")
    func wrongDefault() throws {
        let template = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st",
                  "properties": {"a": "[parameters('literal')]", "b": "[parameters('computed')]", "c": "[parameters('fine')]"}}]
                """,
            parameters: """
                {"literal": {"type": "int", "defaultValue": "3"},
                 "computed": {"type": "bool", "defaultValue": "[concat('a', 'b')]"},
                 "fine": {"type": "int", "defaultValue": "[add(1, 2)]"}}
                """)
        let loaded = try TemplateFixtures.load(template)
        let errors = loaded.problems.filter { $0.severity == .error }
        #expect(
            errors.map(\.message) == [
                "parameter 'literal' is declared as int, but its default value is a string; Azure would reject this deployment",
                "parameter 'computed' is declared as bool, but its default value is a string; Azure would reject this deployment",
            ])
        #expect(errors.allSatisfy { $0.code == .invalidTemplate })
        #expect(errors.map(\.location.line) == [4, 5], "the lines of the two defaults")
    }

    @Test("a nested deployment's parameter given a value of the wrong type is an error")
    func nestedValue() throws {
        let template = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
                  "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                    "parameters": {"count": {"value": "[concat('a', 'b')]"}},
                    "template": {"contentVersion": "1.0.0.0", "parameters": {"count": {"type": "int"}}, "resources": []}}}]
                """)
        let loaded = try TemplateFixtures.load(template)
        #expect(
            loaded.problems.filter { $0.severity == .error }.map(\.message) == [
                "parameter 'count' is declared as int, but the value given is a string; Azure would reject this deployment"
            ])
    }
}
