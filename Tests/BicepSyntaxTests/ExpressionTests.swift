import BicepSyntax
import Testing

@Suite("Bicep expressions")
struct ExpressionTests {
    @Test("binary operators bind as the compiler ranks them, loosest first: ?? || && equality comparison + *")
    func precedence() {
        #expect(render(expression("a + b * c")) == "(+ a (* b c))")
        #expect(render(expression("a * b + c")) == "(+ (* a b) c)")
        #expect(render(expression("a - b - c")) == "(- (- a b) c)")
        #expect(render(expression("a % b / c")) == "(/ (% a b) c)")
        #expect(render(expression("a < b == c > d")) == "(== (< a b) (> c d))")
        #expect(render(expression("a <= b != c >= d")) == "(!= (<= a b) (>= c d))")
        #expect(render(expression("a =~ b || c !~ d && e")) == "(|| (=~ a b) (&& (!~ c d) e))")
        #expect(render(expression("a ?? b || c")) == "(?? a (|| b c))")
        #expect(render(expression("a ?? b ?? c")) == "(?? (?? a b) c)")
        #expect(render(expression("(a + b) * c")) == "(* (paren (+ a b)) c)")
    }

    @Test("the ternary is loosest and nests to the right, and may break lines before '?' and ':'")
    func ternary() {
        #expect(render(expression("a || b ? c : d ?? e")) == "(?: (|| a b) c (?? d e))")
        #expect(render(expression("a ? b : c ? d : e")) == "(?: a b (?: c d e))")
        #expect(render(expression("a\n  ? b\n  : c")) == "(?: a b c)")
        #expect(render(expression("a ? b ? c : d : e")) == "(?: a (?: b c d) e)")
    }

    @Test("unary ! and - apply to member expressions; postfix ! asserts non-null")
    func unary() {
        #expect(render(expression("!a.b")) == "(!u (. a b))")
        #expect(render(expression("-1 + 2")) == "(+ (-u 1) 2)")
        #expect(render(expression("!a && b")) == "(&& (!u a) b)")
        #expect(render(expression("a!.b")) == "(. (! a) b)")
        #expect(render(expression("a.b!")) == "(! (. a b))")
        #expect(render(expression("!a!")) == "(!u (! a))")
    }

    @Test("member access, safe access, indexes from the end, nested resource access")
    func members() {
        #expect(render(expression("a.b.c")) == "(. (. a b) c)")
        #expect(render(expression("a.?b")) == "(.? a b)")
        #expect(render(expression("a[?0]")) == "([?] a 0)")
        #expect(render(expression("a[^1]")) == "([]^ a 1)")
        #expect(render(expression("a['key'].b")) == "(. ([] a 'key') b)")
        #expect(render(expression("vnet::subnet.id")) == "(. (:: vnet subnet) id)")
        #expect(render(expression("a.?b[?'c']!.d")) == "(. (! ([?] (.? a b) 'c')) d)")
    }

    @Test("calls: plain, namespaced, instance, with arguments over several lines")
    func calls() {
        #expect(render(expression("f()")) == "(call f)")
        #expect(render(expression("concat(a, 'b', 1)")) == "(call concat a 'b' 1)")
        #expect(render(expression("sys.concat(a)")) == "(call sys.concat a)")
        #expect(render(expression("az.resourceGroup().location")) == "(. (call az.resourceGroup) location)")
        #expect(render(expression("storage.listKeys().keys[0].value")) == "(. ([] (. (call storage.listKeys) keys) 0) value)")
        #expect(render(expression("f(\n  a,\n  b\n)")) == "(call f a b)")
        #expect(render(expression("f(a,\n b)")) == "(call f a b)")
        #expect(render(expression("f([1, 2], { a: 1 })")) == "(call f [1 2] {a:1})")
        if case .call(let call) = expression("sys.concat(a)").kind {
            #expect(call.namespace == "sys")
            #expect(call.name.name == "concat")
        } else {
            Issue.record("not a call")
        }
    }

    @Test("lambdas with one, several or no parameters, bodies on the next line")
    func lambdas() {
        #expect(render(expression("map(xs, x => x.name)")) == "(call map xs (=> (x) (. x name)))")
        #expect(render(expression("reduce(xs, 0, (acc, x) => acc + x)")) == "(call reduce xs 0 (=> (acc x) (+ acc x)))")
        #expect(render(expression("() => 42")) == "(=> () 42)")
        #expect(render(expression("filter(xs, x =>\n  x > 1)")) == "(call filter xs (=> (x) (> x 1)))")
        #expect(render(expression("sort(xs, (a, b) => a < b)")) == "(call sort xs (=> (a b) (< a b)))")
    }

    @Test("literals: integers, booleans, null, strings, arrays and objects on lines or with commas")
    func literals() {
        #expect(render(expression("42")) == "42")
        #expect(render(expression("18446744073709551615")) == "18446744073709551615")
        #expect(render(expression("[\n  true\n  false\n  null\n]")) == "[true false null]")
        #expect(render(expression("[1, 2, 3]")) == "[1 2 3]")
        #expect(render(expression("[1, 2,]")) == "[1 2]")
        #expect(render(expression("[]")) == "[]")
        #expect(render(expression("{}")) == "{}")
        #expect(render(expression("{ a: 1, 'b-c': 'd' }")) == "{a:1 b-c:'d'}")
        #expect(render(expression("{\n  a: 1\n\n  // comment\n  b: {\n    c: [\n      1\n    ]\n  }\n}")) == "{a:1 b:{c:[1]}}")
    }

    @Test("spread in arrays and objects")
    func spreads() {
        #expect(render(expression("[...a, 1]")) == "[...a 1]")
        #expect(render(expression("{\n  ...base\n  extra: true\n}")) == "{...base extra:true}")
        #expect(render(expression("{ ...a, ...b }")) == "{...a ...b}")
    }

    @Test("for-expressions with an index, in arrays and inside objects")
    func forExpressions() {
        #expect(render(expression("[for x in xs: x.id]")) == "(for x xs (. x id))")
        #expect(render(expression("[for (x, i) in range(0, 3): '${i}']")) == "(for (x i) (call range 0 3) '${i}')")
        #expect(render(expression("[for x in xs: {\n  name: x\n}]")) == "(for x xs {name:x})")
        #expect(render(expression("{\n  items: [for x in xs: x]\n}")) == "{items:(for x xs x)}")
        #expect(render(expression("[\n  for x in xs: x\n]")) == "(for x xs x)")
    }

    @Test("strings: escapes, nested interpolation, and '$' that opens no hole")
    func strings() {
        #expect(render(expression(#"'it\'s \\ \n\r\t \$ \${x} \u{48}\u{1F600}'"#)) == "'it's \\ \n\r\t $ ${x} H😀'")
        #expect(render(expression("'a${b}c${d.e}f'")) == "'a${b}c${(. d e)}f'")
        #expect(render(expression("'${'inner${x}'}'")) == "'${'inner${x}'}'")
        #expect(render(expression("'${a ? 'b${c}' : '${d}'}'")) == "'${(?: a 'b${c}' '${d}')}'")
        #expect(render(expression("'cost: $5 {x}'")) == "'cost: $5 {x}'")
        #expect(render(expression("''")) == "''")
        #expect(render(expression("'${concat('a', 'b')}'")) == "'${(call concat 'a' 'b')}'")
    }

    @Test("multi-line strings keep their text verbatim, less the line break after the opening quotes")
    func multiLineStrings() {
        let value = expression("'''\nline 1\n  ${not} \\n interpolated\n'''")
        guard case .string(let string) = value.kind else { return #expect(Bool(false)) }
        #expect(string.isMultiLine)
        #expect(string.value == "line 1\n  ${not} \\n interpolated\n")
        #expect(render(expression("'''one line'''")) == "'one line'")
        #expect(render(expression("'''\r\ncrlf\r\n'''")) == "'crlf\r\n'")
        #expect(render(expression("''''quoted''''")) == "''quoted''")
        #expect(render(expression("'''it's'''")) == "'it's'")
        #expect(render(expression("$'''\na${b}c$${d}'''")) == "'a${b}c$${d}'")
        #expect(render(expression("$$'''${x}$${y}$$$${z}'''")) == "'${x}${y}$$${z}'")
    }

    @Test("objects in resource-like positions keep interpolated keys and string keys")
    func objectKeys() {
        let object = expression("{\n  '${prefix}-name': 1\n  plain: 2\n}")
        guard case .object(let literal) = object.kind else { return #expect(Bool(false)) }
        #expect(literal.properties.count == 2)
        #expect(literal.properties[0].key.name == nil)
        #expect(literal[property: "plain"] != nil)
    }
}
