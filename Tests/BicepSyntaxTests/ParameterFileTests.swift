import BicepSyntax
import Testing

@Suite("Bicep parameter files")
struct ParameterFileTests {
    @Test("using, param assignments, var, import, type and extends in a .bicepparam file")
    func parametersFile() {
        let tree = parseClean(
            """
            using './main.bicep'

            import { shared } from './shared.bicep'
            var prefix = 'app'
            type size = 'S' | 'M'
            param name = '${prefix}-name'
            param secret = az.getSecret('sub', 'rg', 'vault', 'secret')
            param items = map(range(0, 2), i => {
              index: i
            })
            """, kind: .parameters)
        #expect(tree.kind == .parameters)
        guard case .using(let using) = tree.declarations[0].kind else { return #expect(Bool(false)) }
        #expect(using.path?.value == "./main.bicep")
        guard case .parameterAssignment(let name, let value) = tree.declarations[4].kind else { return #expect(Bool(false)) }
        #expect(name.name == "name")
        #expect(render(value) == "'${prefix}-name'")
        guard case .parameterAssignment(_, let secret) = tree.declarations[5].kind else { return #expect(Bool(false)) }
        #expect(render(secret) == "(call az.getSecret 'sub' 'rg' 'vault' 'secret')")
    }

    @Test("'using none', 'using ... with', extends and extensionConfig")
    func usingForms() {
        let none = parseClean("using none\nparam a = 1\n", kind: .parameters)
        guard case .using(let noTemplate) = none.declarations[0].kind else { return #expect(Bool(false)) }
        #expect(noTemplate.path == nil)
        let with = parseClean(
            "using './main.bicep' with {\n  mode: 'stack'\n}\nextends './base.bicepparam'\nextensionConfig graph with {\n  x: 1\n}\n",
            kind: .parameters)
        guard case .using(let configured) = with.declarations[0].kind, case .extends(let base) = with.declarations[1].kind,
            case .extensionConfig(let alias, _) = with.declarations[2].kind
        else { return #expect(Bool(false)) }
        #expect(configured.config.map(render) == "{mode:'stack'}")
        #expect(base.value == "./base.bicepparam")
        #expect(alias.name == "graph")
    }

    @Test("the file name picks the grammar: template declarations are not parameters-file declarations")
    func grammarByExtension() {
        #expect(SyntaxTree.FileKind(path: "x/main.bicepparam") == .parameters)
        #expect(SyntaxTree.FileKind(path: "x/main.bicep") == .template)
        let tree = SyntaxTree(parsing: "param a string\nresource r 'A/b@1' = {}\n", file: "p.bicepparam")
        #expect(
            tree.errors.map(\.description) == [
                "1:9: expected '=' after the parameter name, found identifier 'string'",
                "2:1: expected a declaration, found identifier 'resource'",
            ])
        let template = SyntaxTree(parsing: "using './main.bicep'\n", file: "main.bicep")
        #expect(template.errors.map(\.description) == ["1:1: expected a declaration, found identifier 'using'"])
    }
}
