import BicepCompiler
import Testing

@Suite("Declarations")
struct DeclarationTests {
    @Test("the template has the compiler's top-level shape and the schema of its target scope")
    func shape() {
        let template = compile("targetScope = 'subscription'\nmetadata owner = 'me'\nparam p string\nvar v = 1\noutput o int = v")
        #expect(keys(template) == ["$schema", "contentVersion", "metadata", "parameters", "variables", "resources", "outputs"])
        #expect(
            string(template, "$schema") == "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#")
        #expect(string(template, "metadata", "owner") == "me")
        #expect(keys(template, "metadata") == ["_generator", "owner"])
    }

    @Test("parameter decorators apply last to first: allowedValues, lengths, descriptions, secure types")
    func parameters() {
        let template = compile(
            """
            @minLength(1)
            @maxLength(11)
            @description('The name')
            param name string = 'contoso'
            @allowed([
              'a'
              'b'
            ])
            param choice string
            @secure()
            param password string
            @secure()
            param settings object
            @description('wins')
            @metadata({description: 'loses', other: 1})
            param described array
            """)
        #expect(keys(template, "parameters", "name") == ["type", "defaultValue", "metadata", "maxLength", "minLength"])
        #expect(string(template, "parameters", "name", "metadata", "description") == "The name")
        #expect(strings(template, "parameters", "choice", "allowedValues") == ["a", "b"])
        #expect(string(template, "parameters", "password", "type") == "securestring")
        #expect(string(template, "parameters", "settings", "type") == "secureObject")
        #expect(string(template, "parameters", "described", "metadata", "description") == "wins")
        #expect(keys(template, "parameters", "described", "metadata") == ["description", "other"])
    }

    @Test("variable loops go into variables.copy with a named copyIndex")
    func variableLoops() {
        let template = compile("param names array\nvar items = [for (n, i) in names: {name: n, index: i}]\nvar plain = 'x'")
        #expect(keys(template, "variables") == ["copy", "plain"])
        #expect(string(template, "variables", "copy", 0, "name") == "items")
        #expect(string(template, "variables", "copy", 0, "count") == "[length(parameters('names'))]")
        #expect(string(template, "variables", "copy", 0, "input", "name") == "[parameters('names')[copyIndex('items')]]")
        #expect(string(template, "variables", "copy", 0, "input", "index") == "[copyIndex('items')]")
    }

    @Test("output loops use copy with count and input; a non-object input is a function expression")
    func outputLoops() {
        let template = compile("var xs = [1, 2]\noutput os array = [for x in xs: x]\n@description('d')\noutput one string = 'a'")
        #expect(string(template, "outputs", "os", "copy", "count") == "[length(variables('xs'))]")
        #expect(string(template, "outputs", "os", "copy", "input") == "[variables('xs')[copyIndex()]]")
        #expect(keys(template, "outputs", "one") == ["type", "metadata", "value"])
    }

    @Test("variables that read runtime state are inlined where used")
    func inlining() {
        let template = compile(
            """
            resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
              name: 'sa'
            }
            var endpoint = sa.properties.primaryEndpoints.blob
            var id = sa.id
            var settings = {
              blob: sa.properties.primaryEndpoints.blob
            }
            output e string = endpoint
            output s object = settings
            """)
        #expect(keys(template, "variables") == ["id"])
        #expect(keys(template, "outputs", "s", "value") == ["blob"])
        #expect(
            string(template, "outputs", "e", "value")
                == "[reference(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2023-01-01').primaryEndpoints.blob]")
    }

    @Test("a key named copy is escaped, a key written [x] gets its [ doubled")
    func escapedKeys() {
        let template = compile("output o object = {\n  copy: 1\n  '[x]': 2\n}")
        #expect(keys(template, "outputs", "o", "value") == ["[string('copy')]", "[[x]"])
    }

    @Test("an any parameter has no type; scopes without an ARM value are empty objects")
    func anyAndScopes() {
        let template = compile(
            "param a any\nvar s = {\n  sub: subscription('x')\n  rg: az.resourceGroup('x', 'y')\n  here: resourceGroup()\n}\n")
        #expect(keys(template, "parameters", "a").isEmpty)
        #expect(value(template, ["parameters", "a"]) != nil)
        #expect(keys(template, "variables", "s", "sub").isEmpty)
        #expect(value(template, ["variables", "s", "sub"])?.kind == .object([]))
        #expect(value(template, ["variables", "s", "rg"])?.kind == .object([]))
        #expect(string(template, "variables", "s", "here") == "[resourceGroup()]")
    }
}
