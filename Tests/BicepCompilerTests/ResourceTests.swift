import BicepCompiler
import Testing

@Suite("Resources")
struct ResourceTests {
    @Test("type and apiVersion are split, body properties follow the name")
    func basic() {
        let template = compile(
            """
            param location string = resourceGroup().location
            resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
              name: 'store${uniqueString(resourceGroup().id)}'
              location: location
              kind: 'StorageV2'
            }
            """)
        #expect(keys(template, "resources", 0) == ["type", "apiVersion", "name", "location", "kind"])
        #expect(string(template, "resources", 0, "type") == "Microsoft.Storage/storageAccounts")
        #expect(string(template, "resources", 0, "apiVersion") == "2023-01-01")
        #expect(string(template, "resources", 0, "name") == "[format('store{0}', uniqueString(resourceGroup().id))]")
    }

    @Test("nested children get the full type, the parent's api version, a qualified name and a dependency on the parent")
    func nested() {
        let template = compile(
            """
            resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
              name: 'sa'
              resource blobs 'blobServices' = {
                name: 'default'
                resource c 'containers' = {
                  name: 'logs'
                }
              }
            }
            output cid string = sa::blobs::c.id
            """)
        // Nested resources come first, children before their parents, then the top-level ones.
        #expect(string(template, "resources", 0, "type") == "Microsoft.Storage/storageAccounts/blobServices/containers")
        #expect(string(template, "resources", 1, "type") == "Microsoft.Storage/storageAccounts/blobServices")
        #expect(string(template, "resources", 2, "type") == "Microsoft.Storage/storageAccounts")
        #expect(string(template, "resources", 0, "apiVersion") == "2023-01-01")
        #expect(string(template, "resources", 0, "name") == "[format('{0}/{1}/{2}', 'sa', 'default', 'logs')]")
        #expect(
            strings(template, "resources", 0, "dependsOn")
                == ["[resourceId('Microsoft.Storage/storageAccounts/blobServices', 'sa', 'default')]"])
        #expect(
            string(template, "outputs", "cid", "value")
                == "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', 'sa', 'default', 'logs')]")
    }

    @Test("parent: gives the qualified name; existing resources are not written but give ids")
    func parentProperty() {
        let template = compile(
            """
            resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
              name: 'net'
            }
            resource subnet 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {
              parent: vnet
              name: 'default'
            }
            """)
        #expect(value(template, ["resources", 1]) == nil)
        #expect(string(template, "resources", 0, "name") == "[format('{0}/{1}', 'net', 'default')]")
        #expect(value(template, ["resources", 0, "dependsOn"]) == nil)
    }

    @Test("references give dependsOn sorted by symbol, reference() for properties and list functions")
    func references() {
        let template = compile(
            """
            resource b 'Microsoft.Storage/storageAccounts@2023-01-01' = {
              name: 'b'
            }
            resource a 'Microsoft.Web/serverfarms@2022-09-01' = {
              name: 'a'
            }
            resource site 'Microsoft.Web/sites@2022-09-01' = {
              name: 'site'
              location: b.location
              properties: {
                serverFarmId: a.id
                key: b.listKeys().keys[0].value
                blob: b.properties.primaryEndpoints.blob
              }
            }
            """)
        #expect(
            strings(template, "resources", 2, "dependsOn") == [
                "[resourceId('Microsoft.Web/serverfarms', 'a')]", "[resourceId('Microsoft.Storage/storageAccounts', 'b')]",
            ])
        #expect(
            string(template, "resources", 2, "location")
                == "[reference(resourceId('Microsoft.Storage/storageAccounts', 'b'), '2023-01-01', 'full').location]")
        #expect(
            string(template, "resources", 2, "properties", "key")
                == "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'b'), '2023-01-01').keys[0].value]")
        #expect(
            string(template, "resources", 2, "properties", "blob")
                == "[reference(resourceId('Microsoft.Storage/storageAccounts', 'b'), '2023-01-01').primaryEndpoints.blob]")
    }

    @Test("resource loops become copy with @batchSize, conditions become condition")
    func loopsAndConditions() {
        let template = compile(
            """
            param names array
            param deploy bool
            @batchSize(2)
            resource sas 'Microsoft.Storage/storageAccounts@2023-01-01' = [for (n, i) in names: if (deploy) {
              name: n
            }]
            resource one 'Microsoft.Storage/storageAccounts@2023-01-01' = {
              name: 'x'
              properties: {
                first: sas[0].id
              }
              dependsOn: [
                sas
              ]
            }
            """)
        #expect(keys(template, "resources", 0) == ["copy", "condition", "type", "apiVersion", "name"])
        #expect(string(template, "resources", 0, "copy", "name") == "sas")
        #expect(string(template, "resources", 0, "copy", "mode") == "serial")
        #expect(value(template, ["resources", 0, "copy", "batchSize"])?.kind == .integer(2))
        #expect(string(template, "resources", 0, "condition") == "[parameters('deploy')]")
        #expect(string(template, "resources", 0, "name") == "[parameters('names')[copyIndex()]]")
        #expect(strings(template, "resources", 1, "dependsOn") == ["sas"])
        #expect(
            string(template, "resources", 1, "properties", "first")
                == "[resourceId('Microsoft.Storage/storageAccounts', parameters('names')[0])]")
    }

    @Test("property loops go into a copy array inside the object")
    func propertyLoops() {
        let template = compile(
            """
            param subnets array
            resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {
              name: 'net'
              properties: {
                subnets: [for s in subnets: {
                  name: s.name
                }]
              }
            }
            """)
        #expect(string(template, "resources", 0, "properties", "copy", 0, "name") == "subnets")
        #expect(
            string(template, "resources", 0, "properties", "copy", 0, "input", "name")
                == "[parameters('subnets')[copyIndex('subnets')].name]")
    }

    @Test("scope: an extension resource gets the scope's id, another resource group gets resourceGroup")
    func scopes() {
        let template = compile(
            """
            resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
              name: 'sa'
            }
            resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
              name: 'lock'
              scope: sa
            }
            resource other 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
              name: 'o'
              scope: resourceGroup('rg2')
            }
            output oid string = other.id
            output lid string = lock.id
            """)
        #expect(string(template, "resources", 0, "scope") == "[resourceId('Microsoft.Storage/storageAccounts', 'sa')]")
        #expect(
            string(template, "outputs", "oid", "value")
                == "[extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'rg2'), 'Microsoft.Storage/storageAccounts', 'o')]"
        )
        #expect(
            string(template, "outputs", "lid", "value")
                == "[extensionResourceId(resourceId('Microsoft.Storage/storageAccounts', 'sa'), 'Microsoft.Authorization/locks', 'lock')]")
    }

    @Test("emitted values keep the range of their Bicep syntax")
    func ranges() {
        let template = compile(
            "param p string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: p\n  kind: 'StorageV2'\n}")
        #expect(value(template, ["resources", 0, "kind"])?.range.start.line == 4)
        #expect(value(template, ["resources", 0, "kind"])?.range.start.column == 9)
        #expect(value(template, ["resources", 0])?.jsonValue.position.line == 2)
    }
}
