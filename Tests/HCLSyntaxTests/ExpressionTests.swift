import HCLSyntax
import Testing

@Suite("HCL expressions")
struct ExpressionTests {
    @Test(
        "binary operators follow the spec's precedence table and associate to the left",
        arguments: [
            ("a || b && c", "(a || (b && c))"),
            ("a && b == c", "(a && (b == c))"),
            ("a == b < c", "(a == (b < c))"),
            ("a != b >= c", "(a != (b >= c))"),
            ("a < b + c", "(a < (b + c))"),
            ("a + b * c", "(a + (b * c))"),
            ("a - b / c % d", "(a - ((b / c) % d))"),
            ("a - b - c", "((a - b) - c)"),
            ("a * b / c", "((a * b) / c)"),
            ("-a * b", "((-a) * b)"),
            ("!a && b", "((!a) && b)"),
            ("!a.b", "(!a.b)"),
            ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
            ("a || b ? 1 : 2", "((a || b) ? 1 : 2)"),
            ("(a + b) * c", "(((a + b)) * c)"),
        ])
    func precedence(source: String, expected: String) {
        #expect(shape(expression(source)) == expected)
    }

    @Test("literals: numbers as written, booleans, null")
    func literals() {
        #expect(shape(expression("[1, 2.5, 1e3, 6.02E+23, true, false, null]")) == "[1, 2.5, 1e3, 6.02E+23, true, false, null]")
    }

    @Test("traversals: attribute access, index, legacy index (also .0.1), attribute and full splats")
    func traversals() {
        #expect(shape(expression("var.a.b")) == "var.a.b")
        #expect(shape(expression("local.list[0][\"k\"]")) == "local.list[0][\"k\"]")
        #expect(shape(expression("aws.x.0.id")) == "aws.x.0.id")
        #expect(shape(expression("a.0.1")) == "a.0.1")
        #expect(shape(expression("azurerm_subnet.s.*.id")) == "splat.*(azurerm_subnet.s; @.id)")
        #expect(shape(expression("a[*].b[0].c")) == "splat[*](a; @.b[0].c)")
        #expect(shape(expression("a.*.b[0]")) == "splat.*(a; @.b)[0]")
    }

    @Test("function calls: arguments over several lines, a trailing comma, '...' expansion, provider::ns::fn names")
    func functionCalls() {
        #expect(shape(expression("merge(\n  var.tags,\n  { a = 1 },\n)")) == "merge(var.tags, {a=1})")
        #expect(shape(expression("max(local.list...)")) == "max(local.list...)")
        #expect(shape(expression("provider::azurerm::normalise_resource_id(x)")) == "provider::azurerm::normalise_resource_id(x)")
        #expect(shape(expression("f()")) == "f()")
    }

    @Test("tuples and objects: keys as names, strings or parenthesised expressions; '=' or ':'; commas or line breaks")
    func collections() {
        #expect(shape(expression("[\n  1,\n  2\n]")) == "[1, 2]")
        #expect(shape(expression("{\n  a = 1\n  \"b-c\": 2, (var.k) = 3\n  d.e = 4\n}")) == "{a=1, #\"b-c\"=2, #(var.k)=3, #d.e=4}")
        #expect(shape(expression("{}")) == "{}")
    }

    @Test("for expressions: tuple and object forms, key and value variables, 'if' and '...' grouping")
    func forExpressions() {
        #expect(shape(expression("[for s in var.list : upper(s) if s != \"\"]")) == "[for s in var.list : upper(s) if (s != \"\")]")
        #expect(shape(expression("{\n  for k, v in var.map :\n  k => v...\n}")) == "{for k, v in var.map : k => v...}")
        #expect(shape(expression("{ for = 1 }")) == "{for=1}")
    }

    @Test("a conditional can span lines inside brackets")
    func multiLineConditional() {
        #expect(shape(expression("(\n  var.a\n  ? 1\n  : 2\n)")) == "((var.a ? 1 : 2))")
    }
}
