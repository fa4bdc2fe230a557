import BicepCompiler
import LocatedJSON
import SourceModel
import Testing

/// The compact JSON text of the value at a path, for comparing whole shapes.
func json(_ template: TemplateValue?, _ path: any PathComponent...) -> String {
    guard let found = value(template, path) else { return "<none>" }
    return found.jsonText().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
}

@Suite("languageVersion 2.0: the switch rule and symbolic names")
struct SymbolicNameTests {
    @Test("a file with only languageVersion 1 constructs stays languageVersion 1")
    func staysVersion1() {
        let template = compile("param p string\nresource s 'A.B/c@1' = {\n  name: p\n}")
        #expect(string(template, "languageVersion") == nil)
        #expect(value(template, ["resources", 0, "name"]) != nil)
    }

    @Test("type syntax, typed variables, func, secure outputs and nameless modules each switch to 2.0")
    func switchRule() {
        for source in [
            "param p string[]", "param p string?", "param p 'a' | 'b'", "var v string = 'a'", "func f() string => 'a'",
            "type t = string", "@secure()\noutput o string = 'a'",
        ] {
            #expect(string(compile(source), "languageVersion") == "2.0", "\(source)")
        }
        let module = compileModules(["/p/main.bicep": "module m './m.bicep' = {\n  params: {}\n}", "/p/m.bicep": ""])
        #expect(string(module.template, "languageVersion") == "2.0")
        #expect(string(module.template, "resources", "m", "name") == "[format('m-{0}', uniqueString('m', deployment().name))]")
        let named = compileModules([
            "/p/main.bicep": "module m './m.bicep' = [for i in range(0, 2): {}]\noutput n string = m[1].name", "/p/m.bicep": "",
        ])
        #expect(string(named.template, "outputs", "n", "value") == "[format('m-{0}-{1}', 1, uniqueString('m', deployment().name))]")
    }

    @Test("resources are keyed by symbolic name; existing ones are kept; references and dependsOn name symbols")
    func symbolicResources() {
        let template = compile(
            """
            param p string[]
            resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
              name: 'kv'
            }
            resource accounts 'Microsoft.Storage/storageAccounts@2023-01-01' = [for n in p: {
              name: n
              properties: {
                uri: vault.properties.vaultUri
              }
            }]
            resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
              name: 'l'
              scope: vault
              properties: {
                level: accounts[0].properties.x
              }
            }
            output all array = accounts
            output first string = accounts[1].location
            """)
        #expect(
            json(template, "resources", "vault")
                == ##"{"existing": true,"type": "Microsoft.KeyVault/vaults","apiVersion": "2024-11-01","name": "kv"}"##)
        #expect(strings(template, "resources", "accounts", "dependsOn") == ["vault"])
        #expect(string(template, "resources", "accounts", "properties", "uri") == "[reference('vault').vaultUri]")
        // `scope: vault` is a weak reference: an existing resource read only for its id is no dependency.
        #expect(strings(template, "resources", "lock", "dependsOn") == ["[format('accounts[{0}]', 0)]"])
        #expect(string(template, "resources", "lock", "properties", "level") == "[reference(format('accounts[{0}]', 0)).x]")
        #expect(string(template, "outputs", "all", "value") == "[references('accounts', 'full')]")
        #expect(
            string(template, "outputs", "first", "value") == "[reference(format('accounts[{0}]', 1), '2023-01-01', 'full').location]")
    }

    @Test("direct access to a looped resource collection switches a file without other 2.0 syntax to 2.0")
    func referencesSwitch() {
        let template = compile("resource r 'A.B/c@1' = [for i in range(0, 2): {\n  name: 'r${i}'\n}]\noutput o array = r")
        #expect(string(template, "languageVersion") == "2.0")
        #expect(string(template, "outputs", "o", "value") == "[references('r', 'full')]")
    }

    @Test("a module's secure outputs are read with listOutputsWithSecureValues, its others through reference()")
    func secureModuleOutputs() {
        let compilation = compileModules([
            "/p/main.bicep": "module m './m.bicep' = {\n  name: 'm'\n}\noutput a string = m.outputs.s\noutput b string = m.outputs.p",
            "/p/m.bicep": "@secure()\noutput s string = 'x'\noutput p string = 'y'",
        ])
        #expect(string(compilation.template, "languageVersion") == "2.0")
        #expect(string(compilation.template, "outputs", "a", "value") == "[listOutputsWithSecureValues('m', '2025-04-01').s]")
        #expect(string(compilation.template, "outputs", "b", "value") == "[reference('m').outputs.p.value]")
        #expect(string(compilation.template, "resources", "m", "properties", "template", "outputs", "s", "type") == "securestring")
    }

    @Test("bicepconfig.json's symbolicNameCodegen feature compiles every file to 2.0")
    func configuredSymbolicNames() {
        let compilation = compileModules([
            "/p/main.bicep": "resource r 'A.B/c@1' = {\n  name: 'r'\n}",
            "/p/bicepconfig.json": #"{"experimentalFeaturesEnabled": {"symbolicNameCodegen": true}}"#,
        ])
        #expect(string(compilation.template, "languageVersion") == "2.0")
        #expect(string(compilation.template, "resources", "r", "name") == "r")
    }

    @Test("module outputs read through the symbolic name, `.?` folding into tryGet")
    func moduleOutputs() {
        let compilation = compileModules([
            "/p/main.bicep":
                "param p string?\nmodule m './m.bicep' = {\n  name: 'm'\n}\noutput a string = m.outputs.x\noutput b string? = m.outputs.?y",
            "/p/m.bicep": "output x string = 'x'\noutput y string = 'y'",
        ])
        #expect(string(compilation.template, "outputs", "a", "value") == "[reference('m').outputs.x.value]")
        #expect(string(compilation.template, "outputs", "b", "value") == "[tryGet(tryGet(reference('m').outputs, 'y'), 'value')]")
    }
}

@Suite("languageVersion 2.0: the type language")
struct TypeLanguageTests {
    @Test("unions become sorted allowedValues with the shared type, and null makes them nullable")
    func unions() {
        let template = compile("param p 'b' | 'a' | null\nparam q 1 | 2\nparam r ('x' | 'y')[]")
        #expect(json(template, "parameters", "p") == ##"{"type": "string","allowedValues": ["a","b"],"nullable": true}"##)
        #expect(json(template, "parameters", "q") == ##"{"type": "int","allowedValues": [1,2]}"##)
        #expect(json(template, "parameters", "r") == ##"{"type": "array","allowedValues": ["x","y"]}"##)
    }

    @Test("object types: properties with decorators, optional members, additional properties, @sealed and @export")
    func objects() {
        let template = compile(
            """
            @export()
            @description('A thing.')
            @sealed()
            type thing = {
              @minLength(1)
              @description('Its name.')
              name: string
              size: int?
              tags: {
                *: string
              }
            }
            param t thing
            param list thing[]
            param pair [
              string
              @maxValue(3)
              int
            ]
            """)
        #expect(
            json(template, "definitions", "thing")
                == ##"{"type": "object","properties": {"name": {"type": "string","minLength": 1,"metadata": {"description": "Its name."}},"size": {"type": "int","nullable": true},"tags": {"type": "object","properties": {},"additionalProperties": {"type": "string"}}},"additionalProperties": false,"metadata": {"__bicep_export!": true,"description": "A thing."}}"##
        )
        #expect(json(template, "parameters", "t") == ##"{"$ref": "#/definitions/thing"}"##)
        #expect(json(template, "parameters", "list") == ##"{"type": "array","items": {"$ref": "#/definitions/thing"}}"##)
        #expect(
            json(template, "parameters", "pair")
                == ##"{"type": "array","prefixItems": [{"type": "string"},{"type": "int","maxValue": 3}],"items": false}"##)
    }

    @Test("parameter and output decorators in 2.0: @secure, @allowed, @metadata, @minValue, @description")
    func decorators() {
        let template = compile(
            """
            type t = string
            @secure()
            param s object
            @allowed(['a', 'b'])
            @metadata({owner: 'me'})
            @description('Pick one.')
            param p t = 'a'
            @minValue(1)
            param n int?
            @description('The thing.')
            output o t = p
            """)
        #expect(json(template, "parameters", "s") == ##"{"type": "secureObject"}"##)
        #expect(
            json(template, "parameters", "p")
                == ##"{"$ref": "#/definitions/t","defaultValue": "a","allowedValues": ["a","b"],"metadata": {"owner": "me","description": "Pick one."}}"##
        )
        #expect(json(template, "parameters", "n") == ##"{"type": "int","nullable": true,"minValue": 1}"##)
        #expect(
            json(template, "outputs", "o")
                == ##"{"$ref": "#/definitions/t","metadata": {"description": "The thing."},"value": "[parameters('p')]"}"##)
    }

    @Test("@discriminator maps each member's literal to its type; property access on a type is a pointer")
    func discriminatorAndAccess() {
        let template = compile(
            """
            type a = {
              kind: 'a'
              x: string
            }
            type b = {
              kind: 'b'
            }
            @discriminator('kind')
            type ab = a | b
            param p ab
            param x a.x
            """)
        #expect(
            json(template, "definitions", "ab")
                == ##"{"type": "object","discriminator": {"propertyName": "kind","mapping": {"a": {"$ref": "#/definitions/a"},"b": {"$ref": "#/definitions/b"}}}}"##
        )
        #expect(json(template, "parameters", "x") == ##"{"$ref": "#/definitions/a/properties/x"}"##)
    }

    @Test("type accessors follow aliases and references to the declaration they step into")
    func accessors() {
        let template = compile(
            """
            type inner = {
              y: int
            }
            type outer = {
              x: inner
              list: string[]
              pair: [bool, int]
              bag: {
                *: inner
              }
            }
            type alias = outer
            param a alias.x.y
            param b outer.list[*]
            param c outer.pair[1]
            param d outer.bag.*
            """)
        #expect(string(template, "parameters", "a", "$ref") == "#/definitions/inner/properties/y")
        #expect(string(template, "parameters", "b", "$ref") == "#/definitions/outer/properties/list/items")
        #expect(string(template, "parameters", "c", "$ref") == "#/definitions/outer/properties/pair/prefixItems/1")
        #expect(string(template, "parameters", "d", "$ref") == "#/definitions/outer/properties/bag/additionalProperties")
    }

    @Test("resourceInput<'T@v'>.path writes the derived type's pointer, with the type the table knows")
    func resourceDerived() {
        let template = compile(
            "param tags resourceInput<'Microsoft.KeyVault/vaults@2024-11-01'>.tags?\nparam other resourceOutput<'Foo.Bar/baz@1'>.properties.x\nparam sku resourceInput<'Foo.Bar/baz@1'>.sku"
        )
        #expect(
            json(template, "parameters", "tags")
                == ##"{"type": "object","metadata": {"__bicep_resource_derived_type!": {"source": "Microsoft.KeyVault/vaults@2024-11-01#properties/tags"}},"nullable": true}"##
        )
        #expect(
            json(template, "parameters", "other")
                == ##"{"metadata": {"__bicep_resource_derived_type!": {"source": "Foo.Bar/baz@1#properties/properties/properties/x","output": true}}}"##
        )
        #expect(string(template, "parameters", "sku", "type") == "object")
    }

    @Test("func declarations go to the __bicep namespace and calls become __bicep.name(...)")
    func functions() {
        let template = compile("@description('Greets.')\nfunc greet(name string) string => 'Hi ${name}'\noutput o string = greet('you')")
        #expect(string(template, "functions", 0, "namespace") == "__bicep")
        #expect(
            json(template, "functions", 0, "members", "greet")
                == ##"{"parameters": [{"type": "string","name": "name"}],"output": {"type": "string","value": "[format('Hi {0}', parameters('name'))]"},"metadata": {"description": "Greets."}}"##
        )
        #expect(string(template, "outputs", "o", "value") == "[__bicep.greet('you')]")
    }
}

@Suite("languageVersion 2.0: compile-time imports")
struct ImportTests {
    static let types = """
        @export()
        type inner = {
          v: string
        }
        @export()
        type outer = {
          i: inner
          h: helper
        }
        type helper = 'x' | 'y'
        @export()
        var answer = 42
        @export()
        func double(n int) int => n * 2
        """

    @Test("named imports keep their alias; what they need comes along as _N.name with its origin")
    func namedImports() {
        let compilation = compileModules([
            "/p/main.bicep": "import { outer as o, answer, double } from 'lib/types.bicep'\nparam p o\noutput x int = double(answer)",
            "/p/lib/types.bicep": Self.types,
        ])
        let template = compilation.template
        #expect(Set(keys(template, "definitions")) == ["o", "_1.helper", "_1.inner"])
        #expect(string(template, "definitions", "o", "properties", "i", "$ref") == "#/definitions/_1.inner")
        #expect(
            json(template, "definitions", "o", "metadata", "__bicep_imported_from!")
                == ##"{"sourceTemplate": "lib/types.bicep","originalIdentifier": "outer"}"##)
        #expect(string(template, "definitions", "o", "metadata", "__bicep_export!") == nil)
        #expect(value(template, ["variables", "answer"])?.kind == .integer(42))
        #expect(string(template, "outputs", "x", "value") == "[__bicep.double(variables('answer'))]")
        #expect(string(template, "functions", 0, "members", "double", "output", "value") == "[mul(parameters('n'), 2)]")
    }

    @Test("a wildcard import names members through the namespace")
    func wildcard() {
        let compilation = compileModules([
            "/p/main.bicep":
                "import * as lib from 'types.bicep'\nparam p lib.inner\noutput a int = lib.answer\noutput d int = lib.double(1)",
            "/p/types.bicep": Self.types,
        ])
        let template = compilation.template
        #expect(string(template, "parameters", "p", "$ref") == "#/definitions/_1.inner")
        #expect(string(template, "outputs", "a", "value") == "[variables('_1.answer')]")
        #expect(string(template, "outputs", "d", "value") == "[_1.double(1)]")
        let misused = compileModules(["/p/main.bicep": "import * as lib from 't.bicep'\nparam p lib.answer", "/p/t.bicep": Self.types])
        #expect(misused.diagnostics.map(\.code) == [.unknownType])
        let missing = compileModules([
            "/p/main.bicep": "import * as lib from 't.bicep'\noutput o int = lib.triple(1)", "/p/t.bicep": Self.types,
        ])
        #expect(missing.diagnostics.map(\.code) == [.unknownFunction])
    }

    @Test("imports from a local ARM JSON file and from the registry folder read exported definitions")
    func jsonAndRegistry() {
        let exported = ##"{"definitions": {"t": {"type": "string", "metadata": {"__bicep_export!": true}}}, "resources": []}"##
        let compilation = compileModules(
            [
                "/p/main.bicep": "import { t } from 'x.json'\nimport { t as u } from 'br/public:avm/types:1.0.0'\nparam a t\nparam b u",
                "/p/x.json": exported,
                "/reg/mcr.microsoft.com/bicep/avm/types/1.0.0/main.json": exported,
            ], registryRoot: "/reg")
        let template = compilation.template
        #expect(string(template, "definitions", "t", "metadata", "__bicep_imported_from!", "sourceTemplate") == "x.json")
        #expect(
            string(template, "definitions", "u", "metadata", "__bicep_imported_from!", "sourceTemplate")
                == "br:mcr.microsoft.com/bicep/avm/types:1.0.0")
    }
}

@Suite("languageVersion 2.0: bad input")
struct LanguageVersion2BadInputTests {
    @Test("importing a name that is not exported is a located error")
    func notExported() {
        let compilation = compileModules(["/p/main.bicep": "import { helper } from 't.bicep'", "/p/t.bicep": ImportTests.types])
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.map(\.code) == [.importNotExported])
        #expect(compilation.diagnostics.first?.location.description == "/p/main.bicep:1:10")
    }

    @Test("types from a registry artifact that is not restored accept any value, with a warning; its values are refused")
    func unrestoredRegistry() {
        let compilation = compileModules([
            "/p/main.bicep":
                "import { lockType } from 'br/public:avm/utl/types/avm-common-types:0.6.1'\nimport * as common from 'br/public:avm/x:1.0.0'\nparam lock lockType?\nparam other common.t\nresource r 'A.B/c@1' = {\n  name: 'r'\n}"
        ])
        #expect(compilation.diagnostics.map(\.code) == [.importNotRestored, .importNotRestored])
        #expect(compilation.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(json(compilation.template, "parameters", "lock") == ##"{"nullable": true}"##)
        #expect(json(compilation.template, "parameters", "other") == "{}")
        let value = compileModules(["/p/main.bicep": "import { answer } from 'br/public:avm/x:1.0.0'\noutput o int = answer"])
        #expect(value.template == nil)
        #expect(value.isUnsupported)
    }

    @Test("an import from a missing file and an import cycle are located errors")
    func missingAndCycle() {
        let missing = compileModules(["/p/main.bicep": "import { t } from 'nope.bicep'"])
        #expect(missing.diagnostics.map(\.code) == [.importNotFound])
        let cycle = compileModules([
            "/p/main.bicep": "import { t } from 'a.bicep'", "/p/a.bicep": "import { t } from 'main.bicep'\n@export()\ntype u = string",
        ])
        #expect(cycle.template == nil)
        #expect(cycle.diagnostics.contains { $0.code == .importCycle })
    }

    @Test("imports that fan out hit the file budget instead of growing the work")
    func budget() {
        var files = ["/p/main.bicep": "import { t } from 'f0.bicep'\nparam p t", "/p/f10.bicep": "@export()\ntype t = string"]
        for index in 0..<10 {
            files["/p/f\(index).bicep"] =
                "import { t as a } from 'f\(index + 1).bicep'\nimport { t as b } from 'f\(index + 1).bicep'\n@export()\ntype t = string"
        }
        let options = BicepCompileOptions(reader: .inMemory(files), maximumModuleCount: 5)
        let compilation = BicepCompiler.compile(file: "/p/main.bicep", options: options)
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.contains { $0.code == .importCycle && $0.message.contains("at most 5") })
    }

    @Test("an unknown type name and a type the compiler cannot express are named errors")
    func types() {
        let unknown = BicepCompiler.compile(source: "param p nope", file: "main.bicep")
        #expect(unknown.template == nil)
        #expect(unknown.diagnostics.map(\.code) == [.unknownType])
        #expect(unknown.diagnostics.first?.message.contains("'nope'") == true)
        let objectLiteral = BicepCompiler.compile(source: "param p {a: string} | 'x'", file: "main.bicep")
        #expect(objectLiteral.diagnostics.map(\.code) == [.unsupportedBicep])
    }

    @Test("type declarations that refer to each other in a literal position are an error, not a crash")
    func typeCycle() {
        let cycle = BicepCompiler.compile(source: "type a = b\ntype b = a\nparam p a | 'x'", file: "main.bicep")
        #expect(cycle.template == nil)
        #expect(cycle.diagnostics.contains { $0.code == .invalidBicep && $0.message.contains("cycle") })
        let recursive = compile("type node = {\n  next: node?\n}\nparam p node")
        #expect(string(recursive, "definitions", "node", "properties", "next", "$ref") == "#/definitions/node")
    }

    @Test("a call to an undefined user function is an unknown-function error")
    func undefinedFunction() {
        let compilation = BicepCompiler.compile(source: "func f() string => 'a'\noutput o string = g()", file: "main.bicep")
        #expect(compilation.template == nil)
        #expect(compilation.diagnostics.map(\.code) == [.unknownFunction])
    }
}
