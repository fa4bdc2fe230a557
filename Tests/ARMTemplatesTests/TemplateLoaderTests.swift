import ARMTemplates
import LocatedJSON
import SourceModel
import PostureModel
import Testing

@Suite("ARM template loading")
struct TemplateLoaderTests {
    @Test("child resources at any depth are flattened to full types, names and ids, with parent links")
    func flattensChildren() throws {
        let loaded = try TemplateFixtures.load(TemplateFixtures.template(resources: """
            [{
              "type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "acct", "kind": "OpenAI",
              "location": "westeurope", "sku": {"name": "S0"}, "identity": {"type": "SystemAssigned"}, "tags": {"env": "prod"},
              "properties": {"disableLocalAuth": true},
              "resources": [
                {"type": "deployments", "apiVersion": "2024-10-01", "name": "gpt-4o", "properties": {"raiPolicyName": "strict"}},
                {"type": "Microsoft.CognitiveServices/accounts/raiPolicies", "apiVersion": "2024-10-01", "name": "strict", "properties": {}}
              ]
            }]
            """))
        #expect(loaded.problems.isEmpty)
        let account = try #require(loaded.resource("Microsoft.CognitiveServices/accounts", "acct"))
        let deployment = try #require(loaded.resource("microsoft.cognitiveservices/ACCOUNTS/deployments", "acct/gpt-4o"))
        #expect(try #require(loaded.resource("Microsoft.CognitiveServices/accounts/raiPolicies", "acct/strict")).parentID == account.id)
        #expect(account.id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-scan/providers/Microsoft.CognitiveServices/accounts/acct")
        #expect(deployment.id == account.id + "/deployments/gpt-4o")
        #expect(deployment.parentID == account.id)
        #expect(account.childIDs.count == 2)
        #expect(account.apiVersion == "2024-10-01")
        #expect(account.kind?.stringValue == "OpenAI")
        #expect(account.location?.stringValue == "westeurope")
        #expect(account.sku?[member: "name"]?.stringValue == "S0")
        #expect(account.identity?[member: "type"]?.stringValue == "SystemAssigned")
        #expect(account.tags?[member: "env"]?.stringValue == "prod")
        #expect(account.properties?[member: "disableLocalAuth"]?.boolValue == true)
        #expect(account.origin == .arm)
        #expect(account.source == SourceLocation(file: "template.json", line: 6, column: 17))
    }

    @Test("symbolic-name resources (languageVersion 2.0) resolve parent and scope by symbol")
    func symbolicResources() throws {
        let loaded = try TemplateFixtures.load(TemplateFixtures.template(resources: """
            {
              "deployment": {"type": "Microsoft.CognitiveServices/accounts/deployments", "apiVersion": "2024-10-01", "parent": "account", "name": "chat", "properties": {}},
              "account": {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "acct", "properties": {}},
              "existingVault": {"existing": true, "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv"},
              "diagnostics": {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview", "scope": "account", "name": "diag", "properties": {}}
            }
            """, extra: "\n  \"languageVersion\": \"2.0\","))
        #expect(loaded.problems.isEmpty)
        let account = try #require(loaded.resource("Microsoft.CognitiveServices/accounts", "acct"))
        #expect(loaded.resource("Microsoft.CognitiveServices/accounts/deployments", "acct/chat")?.parentID == account.id)
        #expect(loaded.resource("Microsoft.Insights/diagnosticSettings", "diag")?.scopeID == account.id)
        #expect(loaded.resources.count == 3, "an existing resource is a reference, not a deployment")
    }

    @Test("parameter files override defaults; names match case-insensitively")
    func parameterFiles() throws {
        let template = TemplateFixtures.template(
            resources: #"[{"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "[parameters('accountName')]", "location": "[parameters('translatelocation')]", "properties": {"publicNetworkAccess": "[parameters('access')]"}}]"#,
            parameters: #"{"accountName": {"type": "string"}, "translateLocation": {"type": "string", "defaultValue": "westeurope"}, "access": {"type": "string", "defaultValue": "Enabled"}}"#
        )
        let loaded = try TemplateFixtures.load(template, parameters: #"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"accountName": {"value": "from-file"}, "access": {"value": "Disabled"}}}"#)
        let account = try #require(loaded.resources.first)
        #expect(account.name == "from-file")
        #expect(account.location?.stringValue == "westeurope")
        #expect(account.properties?[member: "publicNetworkAccess"]?.stringValue == "Disabled")
        #expect(account.properties?[member: "publicNetworkAccess"]?.location == SourceLocation(file: "template.json", line: 6, column: 220))
    }

    @Test("variables, concat, format and resourceId evaluate as ARM does")
    func evaluatesCoreFunctions() throws {
        let template = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2023-05-01", "name": "[format('{0}-pe-{1}', variables('base'), 1)]",
                  "properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "[resourceId('Microsoft.CognitiveServices/accounts', concat(variables('base'), '-ai'))]"}}],
                                 "literal": "[[not an expression]", "parsed": "[json('{\\"a\\": [1, null]}')]", "none": "[if(false(), 'x', json('null'))]", "other": "[resourceId('other-rg', 'Microsoft.Storage/storageAccounts', 'st')]"}}]
                """,
            variables: #"{"base": "[toLower(parameters('prefix'))]"}"#.replacingOccurrences(of: "toLower(parameters('prefix'))", with: "concat('Con', 'toso')")
        )
        let loaded = try TemplateFixtures.load(template)
        #expect(loaded.problems.isEmpty)
        let endpoint = try #require(loaded.resources.first)
        #expect(endpoint.name == "Contoso-pe-1")
        let properties = try #require(endpoint.properties)
        let connection = properties[member: "privateLinkServiceConnections"]?.elements?.first?[member: "properties"]
        #expect(connection?[member: "privateLinkServiceId"]?.stringValue == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-scan/providers/Microsoft.CognitiveServices/accounts/Contoso-ai")
        #expect(properties[member: "literal"]?.stringValue == "[not an expression]")
        #expect(properties[member: "parsed"]?[member: "a"]?.elements?.count == 2)
        #expect(properties[member: "parsed"]?[member: "a"]?.elements?.first?.location == properties[member: "parsed"]?.location)
        #expect(properties[member: "none"]?.isNull == true)
        #expect(properties[member: "other"]?.stringValue == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other-rg/providers/Microsoft.Storage/storageAccounts/st")
    }

    @Test("runtime values become unknowns that carry the expression, never guesses")
    func unknowns() throws {
        let template = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "acct",
                  "location": "[resourceGroup().location]",
                  "properties": {"created": "[utcNow()]", "required": "[parameters('noValue')]", "vault": "[parameters('fromVault')]", "secret": "[parameters('adminPassword')]",
                                 "joined": "[concat('x', reference('other').value)]", "keys": "[listKeys('id', '2020-01-01').key1]"}}]
                """,
            parameters: #"{"noValue": {"type": "string"}, "fromVault": {"type": "string"}, "adminPassword": {"type": "securestring", "defaultValue": "hunter2"}}"#
        )
        let loaded = try TemplateFixtures.load(template, parameters: #"{"parameters": {"fromVault": {"reference": {"keyVault": {"id": "/x"}, "secretName": "s"}}}}"#)
        let account = try #require(loaded.resources.first)
        let properties = try #require(account.properties)
        #expect(account.location?.stringValue == "eastus", "the documented default deployment context")
        #expect(properties[member: "created"]?.unknown?.expression == "[utcNow()]")
        #expect(properties[member: "created"]?.unknown?.reason == "utcNow() is the deployment time; pass --utc-now to fix it")
        #expect(properties[member: "required"]?.unknown?.reason.contains("required parameter 'noValue' has no value") == true)
        #expect(properties[member: "vault"]?.unknown?.reason.contains("Key Vault reference") == true)
        #expect(properties[member: "secret"]?.unknown?.reason == "secure parameter values are not read")
        #expect(properties[member: "joined"]?.unknown?.expression == "[concat('x', reference('other').value)]")
        #expect(properties[member: "keys"]?.isUnknown == true)
        #expect(!account.body.displayText.contains("hunter2"), "a secure parameter's default must never reach the model")
    }

    @Test("a false condition removes the resource; an unknown one keeps it")
    func conditions() throws {
        let loaded = try TemplateFixtures.load(TemplateFixtures.template(resources: """
            [{"condition": "[equals(parameters('deploy'), 'yes')]", "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "skipped"},
             {"condition": "[equals(reference('x').y, 'yes')]", "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "kept"}]
            """, parameters: #"{"deploy": {"type": "string", "defaultValue": "no"}}"#))
        #expect(loaded.resources.map(\.name) == ["kept"])
    }

    @Test("classic extension resources (accounts/providers/diagnosticSettings) point at their target")
    func providerExtensions() throws {
        let loaded = try TemplateFixtures.load(TemplateFixtures.template(resources: """
            [{"type": "Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "apiVersion": "2021-05-01-preview", "name": "acct/Microsoft.Insights/diag", "properties": {}}]
            """))
        let setting = try #require(loaded.resources.first)
        #expect(setting.type == "Microsoft.Insights/diagnosticSettings")
        #expect(setting.name == "diag")
        #expect(setting.scopeID == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-scan/providers/Microsoft.CognitiveServices/accounts/acct")
        #expect(setting.body[member: "scope"]?.stringValue == setting.scopeID)
    }

    @Test("malformed templates are reported with positions, and the rest still loads")
    func malformedTemplates() throws {
        let notArray = try TemplateFixtures.load(TemplateFixtures.template(resources: #""oops""#))
        #expect(notArray.problems.map(\.code) == [.invalidTemplate])
        #expect(notArray.problems.first?.location == SourceLocation(file: "template.json", line: 6, column: 16))
        #expect(notArray.problems.first?.message.contains("expected 'resources' to be an array") == true)

        let partly = try TemplateFixtures.load(TemplateFixtures.template(resources: """
            [42, {"name": "no-type"}, {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('a', ]"}, {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "ok"}]
            """))
        #expect(partly.problems.map(\.code) == [.invalidTemplate, .invalidTemplate, .invalidExpression])
        #expect(partly.problems[2].location == SourceLocation(file: "template.json", line: 6, column: 138))
        #expect(partly.resources.map(\.name) == ["[concat('a', ]", "ok"])
        #expect(partly.resources.first?.body[member: "name"]?.isUnknown == true)

        let notObject = TemplateLoader().load(try TemplateFixtures.document("[1, 2]"))
        #expect(notObject.problems.map(\.code) == [.notATemplate])
    }

    @Test("parameters that the template does not declare are reported")
    func undeclaredParameters() throws {
        let loaded = try TemplateFixtures.load(
            TemplateFixtures.template(resources: #"[{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[parameters('missing')]"}]"#),
            parameters: #"{"parameters": {"extra": {"value": 1}}}"#
        )
        #expect(Set(loaded.problems.map(\.code)) == [.invalidParameterFile, .invalidExpression])
        #expect(loaded.problems.contains { $0.message.contains("parameter 'missing' is not declared") })
        #expect(loaded.problems.contains { $0.location.file == "template.parameters.json" && $0.message.contains("'extra' is not declared") })
    }

    @Test("documents are classified by content")
    func classification() throws {
        #expect(ARMDocumentKind.classify(try JSONReader().read(#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}"#)) == .deploymentTemplate)
        #expect(ARMDocumentKind.classify(try JSONReader().read(#"{"contentVersion": "1.0.0.0", "resources": []}"#)) == .deploymentTemplate)
        #expect(ARMDocumentKind.classify(try JSONReader().read(#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}"#)) == .parameterFile)
        #expect(ARMDocumentKind.classify(try JSONReader().read(#"{"parameters": {"a": {"value": 1}}}"#)) == .parameterFile)
        #expect(ARMDocumentKind.classify(try JSONReader().read(#"{"check": "CKV_AZURE_1", "passing": []}"#)) == .other)
    }

    @Test("an unknown name and a resourceId() of the same expression give the same symbolic id")
    func symbolicIDs() throws {
        let loaded = try TemplateFixtures.load(TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Search/searchServices", "apiVersion": "2023-11-01", "name": "[parameters('name')]"},
                 {"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2023-05-01", "name": "[format('{0}-pe', parameters('name'))]",
                  "properties": {"target": "[resourceId('Microsoft.Search/searchServices', parameters('NAME'))]"}}]
                """,
            parameters: #"{"name": {"type": "string"}}"#
        ))
        let search = try #require(loaded.resources.first)
        let endpoint = try #require(loaded.resources.last)
        #expect(search.id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-scan/providers/Microsoft.Search/searchServices/[parameters('name')]")
        #expect(endpoint.properties?[member: "target"]?.stringValue == search.id)
        #expect(endpoint.name == "[format('{0}-pe', parameters('name'))]")
    }
}
