import ARMTemplates
import Foundation
import LocatedJSON
import SourceModel
import PostureModel
import Testing

/// Deployment semantics: what ARM deploys for copy loops, conditions, nested deployments and the context.
@Suite("ARM deployment semantics")
struct DeploymentFeatureTests {
    static func load(_ json: String, parameters: String? = nil, context: DeploymentContext = .default) throws -> LoadedTemplate {
        let template = try TemplateFixtures.document(json)
        let parameterDocument = try parameters.map { try TemplateFixtures.document($0, file: "template.parameters.json") }
        return TemplateLoader(context: context).load(template, parameters: parameterDocument)
    }

    static func template(
        _ resources: String, parameters: String = "{}", variables: String = "{}", outputs: String = "{}", extra: String = ""
    ) -> String {
        """
        {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",\(extra)
         "parameters": \(parameters), "variables": \(variables), "resources": \(resources), "outputs": \(outputs)}
        """
    }

    @Test("resource copy loops deploy count instances with copyIndex(), offsets and named loops")
    func resourceCopies() throws {
        let loaded = try Self.load(
            Self.template(
                """
                [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[format('st{0}', copyIndex(1))]",
                  "copy": {"name": "stores", "count": 3, "mode": "Serial", "batchSize": 1},
                  "properties": {"index": "[copyIndex('stores')]"}}]
                """))
        #expect(loaded.problems.isEmpty)
        #expect(loaded.resources.map(\.name) == ["st1", "st2", "st3"])
        #expect(loaded.resources.map { $0.properties?[member: "index"]?.numberValue } == [0, 1, 2])
    }

    @Test("property and variable copy loops build arrays")
    func propertyAndVariableCopies() throws {
        let loaded = try Self.load(
            Self.template(
                """
                [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-05-01", "name": "vnet",
                  "properties": {"copy": [{"name": "subnets", "count": 2, "input": {"name": "[format('s{0}', copyIndex('subnets'))]"}}],
                                 "fromVariable": "[variables('ports')]"}}]
                """, variables: #"{"copy": [{"name": "ports", "count": 3, "input": "[mul(add(copyIndex('ports'), 1), 10)]"}]}"#))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let properties = try #require(loaded.resources.first?.properties)
        #expect(properties[member: "subnets"]?.displayText == #"[{"name": "s0"}, {"name": "s1"}]"#)
        #expect(properties[member: "fromVariable"]?.displayText == "[10, 20, 30]")
    }

    @Test("a copy count above 800 or unknown is handled as ARM would")
    func copyLimits() throws {
        let tooMany = try Self.load(
            Self.template(
                #"[{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[string(copyIndex())]", "copy": {"name": "c", "count": 801}}]"#
            ))
        #expect(tooMany.resources.isEmpty)
        #expect(tooMany.problems.first?.message == "copy loop 'c' has count 801; ARM allows 0 to 800")
        let unknown = try Self.load(
            Self.template(
                #"[{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[format('st{0}', copyIndex())]", "copy": {"name": "c", "count": "[length(parameters('names'))]"}}]"#,
                parameters: #"{"names": {"type": "array"}}"#))
        #expect(unknown.resources.count == 1, "one instance stands for an unknown number")
        #expect(unknown.problems.contains { $0.severity == .note && $0.message.contains("count known only at deployment") })
    }

    @Test("a false condition skips the resource without evaluating it; an unknown one keeps and marks it")
    func conditions() throws {
        let loaded = try Self.load(
            Self.template(
                """
                [{"condition": false, "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "off", "properties": {"x": "[fail('never')]"}},
                 {"condition": "[equals(parameters('mode'), 'on')]", "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "maybe"}]
                """, parameters: #"{"mode": {"type": "string"}}"#))
        #expect(loaded.skipped.map(\.name) == ["off"])
        #expect(loaded.resources.map(\.name) == ["maybe"])
        guard case .unknown = loaded.resources.first?.condition else { Issue.record("the condition should be unknown"); return }
        #expect(!loaded.problems.contains { $0.message.contains("fail()") })
    }

    @Test("if() evaluates only the branch taken; with an unknown condition both, quietly")
    func lazyIf() throws {
        let known = try ExpressionTesting.evaluate("[if(true(), 'yes', fail('boom'))]")
        #expect(known.value.stringValue == "yes")
        #expect(known.problems.isEmpty)
        let undecided = try ExpressionTesting.evaluate("[if(equals(utcNow(), 'x'), 'same', 'same')]")
        #expect(undecided.value.stringValue == "same", "both branches agree")
        let differing = try ExpressionTesting.evaluate("[if(equals(utcNow(), 'x'), 'a', fail('boom'))]")
        #expect(differing.value.isUnknown)
        #expect(differing.problems.isEmpty, "errors in branches of an unknown condition are dropped")
        let failing = try ExpressionTesting.evaluate("[fail('stop here')]")
        #expect(failing.problems.first?.message == "the template called fail(): stop here")
    }

    @Test("nested deployments: inner scope gets parameters, outputs flow back through reference()")
    func innerNestedDeployment() throws {
        let loaded = try Self.load(
            Self.template(
                """
                [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "storage",
                  "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
                    "parameters": {"prefix": {"value": "[parameters('prefix')]"}},
                    "template": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                      "parameters": {"prefix": {"type": "string"}},
                      "variables": {"accountName": "[concat(parameters('prefix'), 'store')]"},
                      "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[variables('accountName')]", "properties": {"minimumTlsVersion": "TLS1_2"}}],
                      "outputs": {"name": {"type": "string", "value": "[variables('accountName')]"}}}}},
                 {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[concat(reference('storage').outputs.name.value, '-kv')]",
                  "properties": {"deployed": "[reference('storage').outputs.name.value]", "runtime": "[reference('storage').provisioningState]"}}]
                """, parameters: #"{"prefix": {"type": "string", "defaultValue": "contoso"}}"#))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.resources.map(\.name) == ["storage", "contosostore", "contosostore-kv"])
        let vault = try #require(loaded.resources.last)
        #expect(vault.properties?[member: "deployed"]?.stringValue == "contosostore")
        #expect(vault.properties?[member: "runtime"]?.isUnknown == true, "a property of deployed state not in the template")
    }

    @Test("nested deployments with outer scope see the parent's parameters and target their resource group")
    func outerNestedDeployment() throws {
        let loaded = try Self.load(
            Self.template(
                """
                [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "other", "resourceGroup": "shared-rg",
                  "properties": {"mode": "Incremental", "template": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                    "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[parameters('name')]", "location": "[resourceGroup().location]"}]}}}]
                """, parameters: #"{"name": {"type": "string", "defaultValue": "outerst"}}"#),
            context: DeploymentContext(subscriptionID: "11111111-1111-1111-1111-111111111111", location: "westeurope"))
        let account = try #require(loaded.resources.last)
        #expect(account.name == "outerst")
        #expect(
            account.id
                == "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/shared-rg/providers/Microsoft.Storage/storageAccounts/outerst"
        )
        #expect(account.location?.stringValue == "westeurope")
    }

    @Test("languageVersion 2.0: symbolic references, existing resources and module outputs by symbol")
    func symbolicModules() throws {
        let loaded = try Self.load(
            Self.template(
                """
                {"vault": {"existing": true, "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv", "resourceGroup": "keys-rg"},
                 "module": {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "mod",
                   "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
                     "template": {"languageVersion": "2.0", "contentVersion": "1.0.0.0", "resources": {},
                       "outputs": {"id": {"type": "string", "value": "[resourceId('Microsoft.Web/sites', 'app')]"}}}}},
                 "consumer": {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "consumer",
                   "properties": {"fromModule": "[reference('module').outputs.id.value]", "vaultUri": "[reference('vault').vaultUri]"}}}
                """, extra: #" "languageVersion": "2.0","#))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let consumer = try #require(loaded.resources.first { $0.name == "consumer" })
        #expect(
            consumer.properties?[member: "fromModule"]?.stringValue
                == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-scan/providers/Microsoft.Web/sites/app")
        #expect(
            consumer.properties?[member: "vaultUri"]?.unknown?.reason
                == "'vaultUri' is a property of the deployed resource, not set in the template")
    }

    @Test("the deployment context comes from the flags, with documented defaults")
    func deploymentContext() throws {
        let context = DeploymentContext(
            subscriptionID: "sub", resourceGroup: "rg", location: "northeurope", tenantID: "tenant", deploymentName: "main",
            utcNow: Date(timeIntervalSince1970: 1_767_225_600))
        func value(_ expression: String) throws -> String? {
            try ExpressionTesting.evaluate(expression, context: context).value.scalarText
        }
        #expect(try value("[resourceGroup().id]") == "/subscriptions/sub/resourceGroups/rg")
        #expect(try value("[resourceGroup().location]") == "northeurope")
        #expect(try value("[subscription().subscriptionId]") == "sub")
        #expect(try value("[subscription().tenantId]") == "tenant")
        #expect(try value("[tenant().tenantId]") == "tenant")
        #expect(try value("[deployment().name]") == "main")
        #expect(try value("[utcNow()]") == "20260101T000000Z")
        #expect(try value("[utcNow('u')]") == "2026-01-01 00:00:00Z")
        #expect(try value("[environment().suffixes.keyvaultDns]") == ".vault.azure.net")
        #expect(try ExpressionTesting.evaluate("[newGuid()]").value.isUnknown)
        #expect(try ExpressionTesting.evaluate("[listKeys('x', '2020-01-01').keys[0].value]").value.isUnknown)
        #expect(DeploymentContext.default.location == "eastus")
    }

    @Test("lambdas: filter, map, reduce, sort, groupBy, mapValues, toObject")
    func lambdas() throws {
        #expect(try ExpressionTesting.json("[filter(createArray(1, 2, 3, 4), lambda('n', greater(lambdaVariables('n'), 2)))]") == "[3, 4]")
        #expect(
            try ExpressionTesting.json(
                "[map(createArray('a', 'b'), lambda('s', 'i', concat(lambdaVariables('s'), string(lambdaVariables('i')))))]")
                == #"["a0", "b1"]"#)
        #expect(
            try ExpressionTesting.json(
                "[reduce(createArray(1, 2, 3), 10, lambda('acc', 'n', add(lambdaVariables('acc'), lambdaVariables('n'))))]") == "16")
        #expect(
            try ExpressionTesting.json("[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]")
                == "[1, 2, 3]")
        #expect(
            try ExpressionTesting.json(
                "[groupBy(createArray('apple', 'avocado', 'banana'), lambda('s', substring(lambdaVariables('s'), 0, 1)))]")
                == #"{"a": ["apple", "avocado"], "b": ["banana"]}"#)
        #expect(
            try ExpressionTesting.json("[mapValues(createObject('a', 1, 'b', 2), lambda('v', mul(lambdaVariables('v'), 10)))]")
                == #"{"a": 10, "b": 20}"#)
        #expect(
            try ExpressionTesting.json(
                "[toObject(createArray('x', 'y'), lambda('k', lambdaVariables('k')), lambda('k', toUpper(lambdaVariables('k'))))]")
                == #"{"x": "X", "y": "Y"}"#)
        #expect(
            try ExpressionTesting.error("[lambdaVariables('nope')]")?.contains(
                "lambdaVariables() expected the name of a parameter of an enclosing lambda") == true)
    }

    @Test("user-defined functions see only their own parameters")
    func userFunctions() throws {
        let loaded = try Self.load(
            Self.template(
                #"[{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[contoso.uniqueName('st', 'prod')]"}]"#,
                extra:
                    #" "functions": [{"namespace": "contoso", "members": {"uniqueName": {"parameters": [{"name": "prefix", "type": "string"}, {"name": "env", "type": "string"}], "output": {"type": "string", "value": "[concat(parameters('prefix'), '-', parameters('env'))]"}}}}],"#
            ))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.resources.first?.name == "st-prod")
    }

    @Test("parameters: allowedValues warn and continue; required ones without value are notes; Key Vault references stay unknown")
    func parameterSemantics() throws {
        let loaded = try Self.load(
            Self.template(
                #"[{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[parameters('name')]", "sku": {"name": "[parameters('sku')]"}, "properties": {"secret": "[parameters('fromVault')]", "size": "[parameters('size')]"}}]"#,
                parameters:
                    #"{"name": {"type": "string"}, "sku": {"type": "string", "allowedValues": ["Standard_LRS", "Standard_ZRS"]}, "fromVault": {"type": "string"}, "size": {"type": "int", "defaultValue": "[add(parameters('base'), 1)]"}, "base": {"type": "int", "defaultValue": 41}}"#
            ),
            parameters:
                #"{"parameters": {"sku": {"value": "<sku>"}, "fromVault": {"reference": {"keyVault": {"id": "/x"}, "secretName": "s"}}}}"#)
        #expect(
            loaded.problems.contains {
                $0.severity == .warning
                    && $0.message == #"parameter 'sku' is "<sku>", which is not one of its allowed values: "Standard_LRS", "Standard_ZRS""#
            })
        #expect(loaded.problems.contains { $0.severity == .note && $0.message.hasPrefix("required parameter 'name' has no value") })
        let resource = try #require(loaded.resources.first)
        #expect(resource.sku?[member: "name"]?.stringValue == "<sku>", "expansion continues with the value given")
        #expect(resource.properties?[member: "secret"]?.isUnknown == true)
        #expect(resource.properties?[member: "size"]?.numberValue == 42, "defaults may refer to other parameters")
    }

    @Test("subscription-scoped templates build subscription-level ids")
    func subscriptionScope() throws {
        let loaded = try Self.load(
            """
            {"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "resources": [{"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2022-09-01", "name": "rg-ai", "location": "eastus"},
                           {"type": "Microsoft.Security/pricings", "apiVersion": "2024-01-01", "name": "AI", "properties": {"pricingTier": "Standard", "id": "[subscriptionResourceId('Microsoft.Security/pricings', 'AI')]"}}]}
            """)
        #expect(
            loaded.resources.first?.id
                == "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Resources/resourceGroups/rg-ai")
        #expect(loaded.resources.last?.properties?[member: "id"]?.stringValue == loaded.resources.last?.id)
    }

    @Test("a nested deployment into another resource group lives there: reference() by that id reads its outputs, even before it")
    func deploymentInAnotherResourceGroup() throws {
        let reader = """
            {"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2022-09-01", "name": "reader", "location": "eastus",
             "properties": {"fromOutput": "[reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'rg-net'), 'Microsoft.Resources/deployments', 'net'), '2022-09-01').outputs.subnet.value]"}}
            """
        let loaded = try Self.load(
            """
            {"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "resources": [\(reader),
               {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "net", "resourceGroup": "rg-net",
                "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                  "template": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                    "resources": [],
                    "outputs": {"subnet": {"type": "string", "value": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]"}}}}}]}
            """)
        #expect(loaded.problems.filter { $0.severity == .error }.isEmpty, "\(loaded.problems)")
        let readerGroup = try #require(loaded.resources.first { $0.name == "reader" })
        #expect(
            readerGroup.properties?[member: "fromOutput"]?.stringValue
                == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"
        )
    }

    @Test("linked templates: a local relativePath is loaded, a URI is a note")
    func linkedTemplates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-linked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("modules"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            #"{"contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "linked"}]}"#
                .utf8
        )
        .write(to: folder.appendingPathComponent("modules/storage.json"))
        let main = Self.template(
            """
            [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "local", "properties": {"mode": "Incremental", "templateLink": {"relativePath": "modules/storage.json"}}},
             {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "remote", "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/t.json"}}}]
            """)
        let document = SourceDocument(file: folder.appendingPathComponent("main.json").path, root: try JSONReader().read(main))
        let loaded = TemplateLoader().load(document)
        #expect(loaded.resources.map(\.name).contains("linked"))
        #expect(
            loaded.problems.contains {
                $0.severity == .note && $0.message.hasPrefix("the nested template is linked by URI and is not fetched")
            })
    }

    @Test("hostile templates hit limits, not hangs: nesting depth and runaway work")
    func limits() throws {
        var nested = #"{"contentVersion": "1.0.0.0", "resources": []}"#
        for level in 0..<70 {
            nested =
                #"{"contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "d\#(level)", "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": \#(nested)}}]}"#
        }
        let deep = try Self.load(nested)
        #expect(deep.problems.contains { $0.message.hasPrefix("nested deployments go deeper than 64 levels") })
        // 800³ lambda applications on small values: the call budget stops it, not the size budget.
        let heavy = try Self.load(
            Self.template(
                "[]",
                variables: """
                    {"a": "[range(0, 800)]", "b": "[map(variables('a'), lambda('x', reduce(variables('a'), 0, lambda('s', 'y', reduce(variables('a'), 0, lambda('t', 'z', 1))))))]", "use": "[length(variables('b'))]"}
                    """, outputs: #"{"n": {"type": "int", "value": "[variables('use')]"}}"#
            ).replacingOccurrences(
                of: #""resources": []"#,
                with:
                    #""resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[string(variables('use'))]"}]"#
            ))
        #expect(heavy.problems.contains { $0.message.hasPrefix("the template needs more than 5000000 function calls") })
    }
}
