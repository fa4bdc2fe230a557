import BicepSyntax
import Testing

@Suite("Bicep long chains")
struct ChainTests {
    @Test("long operator, member and type chains are refused at the tree depth limit, never a stack overflow when released")
    func longChains() {
        let count = 100_000
        let chains = [
            "var x = a" + String(repeating: " + a", count: count),
            "var x = a" + String(repeating: ".b", count: count),
            "var x = a" + String(repeating: "!", count: count),
            "var x = a" + String(repeating: "[0]", count: count),
            "type t = string" + String(repeating: "?!", count: count / 2),
            "type t = string" + String(repeating: "[]", count: count),
        ]
        for text in chains {
            let tree = SyntaxTree(parsing: text + "\nvar after = 1\n", file: "main.bicep")
            #expect(tree.errors.map(\.code) == [.nestingTooDeep], "\(text.prefix(20)): \(tree.errors.prefix(2))")
            #expect(tree.declarations.compactMap(\.name?.name) == ["after"])
            #expect(tree.errors.first?.message.contains("more than \(SyntaxTree.maximumTreeDepth) levels deep") == true)
        }
    }

    @Test("chains well within the limit parse, and associate left")
    func ordinaryChains() {
        let sum = "a" + String(repeating: " + a", count: SyntaxTree.maximumTreeDepth / 2)
        #expect(SyntaxTree(parsing: "var x = \(sum)\n", file: "main.bicep").errors.isEmpty)
        #expect(render(expression("a.b[0].c!.d")) == "(. (! (. ([] (. a b) 0) c)) d)")
    }
}
