import BicepSyntax
import Testing

@Suite("Bicep declarations")
struct DeclarationTests {
    @Test("targetScope, metadata, parameters with types, decorators and defaults")
    func parameters() throws {
        let tree = parseClean(
            """
            targetScope = 'subscription'
            metadata owner = { team: 'ai' }

            @secure()
            @minLength(3)
            @sys.description('The key.')
            param key string

            @allowed([
              'eastus'
              'westus'
            ])
            param location string = 'eastus'
            param tags object?
            param storage resource 'Microsoft.Storage/storageAccounts@2023-05-01'
            param sizes ('S' | 'M')[] = ['S']
            """)
        #expect(tree.declarations.count == 7)
        guard case .targetScope(let scope) = tree.declarations[0].kind else { return #expect(Bool(false)) }
        #expect(render(scope) == "'subscription'")
        guard case .metadata(let name, _) = tree.declarations[1].kind else { return #expect(Bool(false)) }
        #expect(name.name == "owner")
        guard case .parameter(let key) = tree.declarations[2].kind else { return #expect(Bool(false)) }
        #expect(key.name.name == "key")
        #expect(render(key.type) == "string")
        #expect(key.defaultValue == nil)
        #expect(tree.declarations[2].decorators.map(\.name) == ["secure", "minLength", "description"])
        #expect(tree.declarations[2].decorators.map(\.namespace) == [nil, nil, "sys"])
        #expect(tree.declarations[2].decorators[1].arguments.map(render) == ["3"])
        guard case .parameter(let location) = tree.declarations[3].kind else { return #expect(Bool(false)) }
        #expect(location.defaultValue.map(render) == "'eastus'")
        #expect(tree.declarations[3].decorators[0].arguments.map(render) == ["['eastus' 'westus']"])
        guard case .parameter(let storage) = tree.declarations[5].kind else { return #expect(Bool(false)) }
        #expect(render(storage.type) == "resource 'Microsoft.Storage/storageAccounts@2023-05-01'")
        guard case .parameter(let sizes) = tree.declarations[6].kind else { return #expect(Bool(false)) }
        #expect(render(sizes.type) == "((| 'S' 'M'))[]")
    }

    @Test("variables, typed or not, and user-defined types and functions")
    func variablesTypesFunctions() {
        let tree = parseClean(
            """
            var plain = 1
            var typed string[] = []
            @export()
            type pair = {
              key: string
              value: int
            }
            @export()
            func greet(name string, count int) string => '${name}:${count}'
            func noArgs() int =>
              42
            """)
        let kinds = tree.declarations.map(\.kind)
        guard case .variable(let plain) = kinds[0], case .variable(let typed) = kinds[1] else { return #expect(Bool(false)) }
        #expect(plain.type == nil)
        #expect(typed.type.map(render) == "string[]")
        guard case .type(let name, let type) = kinds[2] else { return #expect(Bool(false)) }
        #expect(name.name == "pair")
        #expect(render(type) == "{key: string, value: int}")
        #expect(tree.declarations[2].decorators.map(\.name) == ["export"])
        guard case .function(let greet) = kinds[3], case .function(let noArgs) = kinds[4] else { return #expect(Bool(false)) }
        #expect(greet.parameters.map(\.name.name) == ["name", "count"])
        #expect(greet.parameters.map { render($0.type) } == ["string", "int"])
        #expect(render(greet.returnType) == "string")
        #expect(render(greet.body) == "'${name}:${count}'")
        #expect(noArgs.parameters.isEmpty)
        #expect(render(noArgs.body) == "42")
    }

    @Test("resources: existing, conditions (also on the next line), loops with filters, nested children, parent and scope")
    func resources() throws {
        let tree = parseClean(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
              name: accountName
              scope: resourceGroup(otherGroup)
            }

            resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' = if (deploy) {
              name: 'vnet'
              resource subnet 'subnets' = {
                name: 'default'
              }
              @batchSize(1)
              resource other 'subnets' existing = {
                name: 'other'
              }
            }

            resource conditional 'A/b@1' =
              if (deploy) {
                name: 'x'
              }

            @batchSize(2)
            resource many 'A/b@1' = [for (item, i) in items: if (item.enabled) {
              name: item.name
              parent: vnet
              dependsOn: [
                vnet::subnet
              ]
            }]
            """)
        #expect(tree.declarations.count == 4)
        guard case .resource(let account) = tree.declarations[0].kind else { return #expect(Bool(false)) }
        #expect(account.isExisting)
        #expect(account.type.value == "Microsoft.CognitiveServices/accounts@2024-10-01")
        #expect(account.body.object.map(render) == "{name:accountName scope:(call resourceGroup otherGroup)}")
        guard case .resource(let vnet) = tree.declarations[1].kind,
            case .conditional(let condition, let body) = vnet.body
        else { return #expect(Bool(false)) }
        #expect(render(condition) == "(paren deploy)")
        #expect(render(body) == "{name:'vnet' resource subnet resource other}")
        guard case .resource(let other) = body.items[2] else { return #expect(Bool(false)) }
        #expect(other.decorators.map(\.name) == ["batchSize"])
        guard case .resource(let conditional) = tree.declarations[2].kind, case .conditional = conditional.body else {
            return #expect(Bool(false))
        }
        guard case .resource(let many) = tree.declarations[3].kind, case .loop(let loop) = many.body else {
            return #expect(Bool(false))
        }
        #expect(
            render(Expression(.forLoop(loop), range: loop.range))
                == "(for (item i) items if (paren (. item enabled)) {name:(. item name) parent:vnet dependsOn:[(:: vnet subnet)]})")
    }

    @Test("modules from local files, registries and template specs, with conditions and loops")
    func modules() {
        let tree = parseClean(
            """
            module local './child/main.bicep' = {
              name: 'child'
              params: {
                value: 1
              }
            }
            module registry 'br/public:avm/res/key-vault/vault:0.11.0' = if (enabled) {
              params: {}
            }
            module full 'br:mcr.microsoft.com/bicep/avm/res/network/private-endpoint:0.10.1' = [for x in xs: {
              params: { name: x }
            }]
            module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {}
            """)
        let paths = tree.declarations.compactMap { declaration -> String? in
            if case .module(let module) = declaration.kind { return module.path.value }
            return nil
        }
        #expect(
            paths == [
                "./child/main.bicep", "br/public:avm/res/key-vault/vault:0.11.0",
                "br:mcr.microsoft.com/bicep/avm/res/network/private-endpoint:0.10.1",
                "ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0",
            ])
        guard case .module(let full) = tree.declarations[2].kind, case .loop = full.body else { return #expect(Bool(false)) }
    }

    @Test("outputs: typed, nullable, resource outputs with and without a type string")
    func outputs() {
        let tree = parseClean(
            """
            @secure()
            output key string = account.listKeys().key1
            output maybe string? = account.?properties.?endpoint
            output res resource 'A/b@1' = account
            output bare resource = account
            output names array = [for x in xs: x.name]
            """)
        let outputs = tree.declarations.compactMap { declaration -> OutputDeclaration? in
            if case .output(let output) = declaration.kind { return output }
            return nil
        }
        #expect(outputs.map { render($0.type) } == ["string", "string?", "resource 'A/b@1'", "resource", "array"])
        #expect(tree.declarations[0].decorators.map(\.name) == ["secure"])
    }

    @Test("every import form, extension declarations old and new")
    func importsAndExtensions() {
        let tree = parseClean(
            """
            import { a, b as c } from './types.bicep'
            import {
              d
              'e-f' as g
            } from 'br/public:avm/utl/types/avm-common-types:0.5.1'
            import * as ns from './lib.json'
            import 'az@1.0.0'
            import 'kubernetes@1.0.0' with {
              namespace: 'default'
            } as k8s
            extension microsoftGraphV1
            extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' as graph
            """)
        #expect(tree.declarations.count == 7)
        guard case .compileTimeImport(let first) = tree.declarations[0].kind, case .named(let symbols) = first.symbols else {
            return #expect(Bool(false))
        }
        #expect(symbols.map(\.name.name) == ["a", "b"])
        #expect(symbols.map(\.alias?.name) == [nil, "c"])
        #expect(first.path.value == "./types.bicep")
        guard case .compileTimeImport(let second) = tree.declarations[1].kind, case .named(let more) = second.symbols else {
            return #expect(Bool(false))
        }
        #expect(more.map(\.name.name) == ["d", "e-f"])
        guard case .compileTimeImport(let wildcard) = tree.declarations[2].kind, case .wildcard(let alias) = wildcard.symbols else {
            return #expect(Bool(false))
        }
        #expect(alias.name == "ns")
        guard case .extension(let az) = tree.declarations[3].kind, case .extension(let k8s) = tree.declarations[4].kind,
            case .extension(let graph) = tree.declarations[5].kind, case .extension(let graphV1) = tree.declarations[6].kind
        else { return #expect(Bool(false)) }
        #expect(az.usesImportKeyword && az.alias == nil && az.config == nil)
        #expect(k8s.alias?.name == "k8s" && k8s.config != nil)
        #expect(graph.specification == .identifier(Identifier("microsoftGraphV1", range: graph.specification.range)))
        #expect(graphV1.alias?.name == "graph" && !graphV1.usesImportKeyword)
    }

    @Test("experimental test and assert declarations")
    func testAndAssert() {
        let tree = parseClean("test check './main.bicep' = {\n  params: {}\n}\nassert positive = 1 > 0\n")
        guard case .test(let name, let path, _) = tree.declarations[0].kind,
            case .assert(let assertion, let condition) = tree.declarations[1].kind
        else { return #expect(Bool(false)) }
        #expect(name.name == "check" && path.value == "./main.bicep")
        #expect(assertion.name == "positive" && render(condition) == "(> 1 0)")
    }
}

extension ExtensionDeclaration.Specification {
    var range: SourceRange {
        switch self {
        case .identifier(let identifier): identifier.range
        case .string(let string): string.range
        }
    }
}
