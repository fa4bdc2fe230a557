import BicepSyntax
import Testing

@Suite("Bicep types")
struct TypeTests {
    @Test("names, literal types and unions, with a leading '|' and one member per line")
    func unions() {
        #expect(typeExpression("string").map(render) == "string")
        #expect(typeExpression("'a' | 'b' | 'c'").map(render) == "(| 'a' 'b' 'c')")
        #expect(typeExpression("1 | -1 | true | null").map(render) == "(| 1 -1 true null)")
        #expect(typeExpression("\n  | 'a'\n  | 'b'").map(render) == "(| 'a' 'b')")
        #expect(typeExpression("'a'\n  | 'b'").map(render) == "(| 'a' 'b')")
    }

    @Test("arrays, tuples, nullable and parenthesised types")
    func compositeTypes() {
        #expect(typeExpression("string[]").map(render) == "string[]")
        #expect(typeExpression("string[][]?").map(render) == "string[][]?")
        #expect(typeExpression("('a' | 'b')[]").map(render) == "((| 'a' 'b'))[]")
        #expect(typeExpression("[string, int]").map(render) == "[string, int]")
        #expect(typeExpression("[\n  @description('first')\n  string\n  int?\n]").map(render) == "[string, int?]")
        #expect(typeExpression("int!").map(render) == "int!")
    }

    @Test("object types with decorated, quoted, nullable and '*' members")
    func objectTypes() {
        let source = "{\n  @minLength(1)\n  @sys.description('the name')\n  name: string\n  'odd-key': int?\n  *: string\n}"
        #expect(typeExpression(source).map(render) == "{@minLength @description name: string, 'odd-key': int?, *: string}")
        #expect(typeExpression("{ a: string, b: int? }").map(render) == "{a: string, b: int?}")
        #expect(typeExpression("{}").map(render) == "{}")
    }

    @Test("resource-derived types and type member access")
    func resourceDerivedTypes() {
        #expect(
            typeExpression("resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.properties.sku").map(render)
                == "resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.properties.sku")
        #expect(typeExpression("resourceOutput<'A/b@1'>.properties?").map(render) == "resourceOutput<'A/b@1'>.properties?")
        #expect(typeExpression("sys.resourceInput<'A/b@1'>").map(render) == "sys.resourceInput<'A/b@1'>")
        #expect(typeExpression("resource<'A/b@1'>").map(render) == "resource<'A/b@1'>")
        #expect(typeExpression("myType.*").map(render) == "myType.*")
        #expect(typeExpression("myTuple[0]").map(render) == "myTuple[0]")
        #expect(typeExpression("myArray[*].name").map(render) == "myArray[*].name")
        #expect(typeExpression("types.myType").map(render) == "types.myType")
    }

    @Test("'name?:' is not Bicep: an optional property is written with a nullable type")
    func optionalPropertyMarker() {
        let tree = SyntaxTree(parsing: "type t = {\n  b?: int\n}\n", file: "main.bicep")
        #expect(
            tree.errors.map(\.description) == [
                "2:4: expected ':' after the property name (an optional property is written 'name: type?'), found '?'"
            ])
    }
}
