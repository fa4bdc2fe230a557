import BicepCompiler
import Testing

@Suite("Expressions")
struct ExpressionTests {
    /// The ARM text of `output o <type> = <expression>` in a file with the given declarations.
    func lowered(_ expression: String, type: String = "string", prelude: String = "") -> String? {
        let template = compile(prelude + "\noutput o \(type) = \(expression)\n")
        return string(template, "outputs", "o", "value")
    }

    @Test("parameters and variables become parameters('x') and variables('y')")
    func symbols() {
        #expect(lowered("p", prelude: "param p string") == "[parameters('p')]")
        #expect(lowered("v", prelude: "var v = 'a'\nvar w = v") == "[variables('v')]")
    }

    @Test("interpolation becomes format with escaped braces")
    func interpolation() {
        #expect(lowered("'{x}-${p}-${p}'", prelude: "param p string") == "[format('{{x}}-{0}-{1}', parameters('p'), parameters('p'))]")
        #expect(lowered("'it\\'s ${p}'", prelude: "param p string") == "[format('it''s {0}', parameters('p'))]")
    }

    @Test("operators become ARM functions")
    func operators() {
        let prelude = "param a int\nparam b int\nparam s string"
        #expect(lowered("a + b * 2", type: "int", prelude: prelude) == "[add(parameters('a'), mul(parameters('b'), 2))]")
        #expect(lowered("a != b", type: "bool", prelude: prelude) == "[not(equals(parameters('a'), parameters('b')))]")
        #expect(lowered("s =~ 'X'", type: "bool", prelude: prelude) == "[equals(toLower(parameters('s')), toLower('X'))]")
        #expect(
            lowered("!(a < b) && a >= -1", type: "bool", prelude: prelude)
                == "[and(not(less(parameters('a'), parameters('b'))), greaterOrEquals(parameters('a'), -1))]")
        #expect(lowered("a > 0 ? s : 'n'", prelude: prelude) == "[if(greater(parameters('a'), 0), parameters('s'), 'n')]")
        #expect(lowered("s ?? 'd'", prelude: prelude) == "[coalesce(parameters('s'), 'd')]")
        #expect(lowered("-a", type: "int", prelude: prelude) == "[sub(0, parameters('a'))]")
    }

    @Test("property and index access, safe access becomes tryGet")
    func access() {
        let prelude = "param o object\nparam arr array"
        #expect(lowered("o.a.b", prelude: prelude) == "[parameters('o').a.b]")
        #expect(lowered("o['my-key']", prelude: prelude) == "[parameters('o')['my-key']]")
        #expect(lowered("arr[1]", prelude: prelude) == "[parameters('arr')[1]]")
        #expect(lowered("o.?a", prelude: prelude) == "[tryGet(parameters('o'), 'a')]")
        #expect(lowered("o.?a.b", prelude: prelude) == "[tryGet(parameters('o'), 'a', 'b')]")
        #expect(lowered("resourceGroup().location") == "[resourceGroup().location]")
        #expect(lowered("'abc'[0]") == "[string('abc')[0]]")
    }

    @Test("namespaces are dropped, any() is transparent, literals fold into JSON")
    func functions() {
        #expect(lowered("az.resourceGroup().id") == "[resourceGroup().id]")
        #expect(lowered("sys.toLower('A')") == "[toLower('A')]")
        #expect(lowered("any('x')") == "x")
        #expect(lowered("'[x]'") == "[[x]")
        #expect(lowered("'[x'") == "[x")
        #expect(lowered("nameof(o.props.key)", prelude: "param o object") == "key")
        #expect(
            lowered("listKeys(resourceId('A.B/c', 'n'), '2020-01-01').key1") == "[listKeys(resourceId('A.B/c', 'n'), '2020-01-01').key1]")
        let template = compile("output n int = 3\noutput b bool = true\noutput big int = 3000000000\noutput e object = {a: [1, null]}")
        #expect(value(template, ["outputs", "n", "value"])?.kind == .integer(3))
        #expect(value(template, ["outputs", "b", "value"])?.kind == .bool(true))
        #expect(value(template, ["outputs", "big", "value"])?.kind == .integer(3_000_000_000))
        #expect(keys(template, "outputs", "e", "value") == ["a"])
    }

    @Test("objects and arrays inside expressions become createObject and createArray, spreads merge")
    func literalsInExpressions() {
        let prelude = "param o object\nparam arr array"
        #expect(
            lowered("union(o, {a: 1, 'b-c': [true]})", type: "object", prelude: prelude)
                == "[union(parameters('o'), createObject('a', 1, 'b-c', createArray(true())))]")
        #expect(
            lowered("{...o, a: 1}", type: "object", prelude: prelude)
                == "[shallowMerge(createArray(parameters('o'), createObject('a', 1)))]")
        #expect(lowered("[...arr, 1]", type: "array", prelude: prelude) == "[flatten(createArray(parameters('arr'), createArray(1)))]")
    }

    @Test("lambdas use lambdaVariables")
    func lambdas() {
        #expect(
            lowered("map(arr, x => x.name)", type: "array", prelude: "param arr array")
                == "[map(parameters('arr'), lambda('x', lambdaVariables('x').name))]")
    }
}
