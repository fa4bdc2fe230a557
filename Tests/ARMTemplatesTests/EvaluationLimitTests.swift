import ARMTemplates
import Foundation
import SourceModel
import PostureModel
import Testing

/// Templates written to exhaust memory are refused with a located error, quickly; templates that are large but
/// within ARM's limits still evaluate; templates past ARM's documented limits get a warning.
@Suite("Evaluation size limits")
struct EvaluationLimitTests {
    /// Variables v1…v`count`, each `variable` applied to the one before it (v0 is a 36-character string), and a
    /// storage account whose `minimumTlsVersion` reads `use`.
    static func doubling(count: Int, step: (String) -> String, use: String) -> String {
        var variables = [#""v0": "abcdefghijklmnopqrstuvwxyz0123456789""#]
        for index in 1...count { variables.append("\"v\(index)\": \(step("v\(index - 1)"))") }
        return TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st",
                  "properties": {"minimumTlsVersion": "\(use)"}}]
                """, variables: "{" + variables.joined(separator: ",\n") + "}")
    }

    static func load(_ json: String) throws -> (LoadedTemplate, Duration) {
        let clock = ContinuousClock()
        var loaded: LoadedTemplate?
        let elapsed = try clock.measure { loaded = try TemplateFixtures.load(json) }
        return (try #require(loaded), elapsed)
    }

    static func tls(_ loaded: LoadedTemplate) -> Value? {
        loaded.resource("Microsoft.Storage/storageAccounts", "st")?.body[member: "properties"]?[member: "minimumTlsVersion"]
    }

    @Test("59 variables doubling a string with concat() are refused at once, naming the expression and its position")
    func doublingConcat() throws {
        let json = Self.doubling(
            count: 59, step: { #""[concat(variables('\#($0)'), variables('\#($0)'))]""# }, use: "[string(length(variables('v59')))]")
        let (loaded, elapsed) = try Self.load(json)
        #expect(elapsed < .seconds(10))
        let error = try #require(loaded.problems.first { $0.severity == .error })
        #expect(error.code == .invalidTemplate)
        #expect(error.message.hasPrefix("the arguments of concat() are larger than 4 MB in [concat(variables('v16'), variables('v16'))]"))
        let line = try #require(json.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(#""v17""#) })
        #expect(error.location.file == "template.json" && error.location.line == line + 1)
        #expect(loaded.problems.filter { $0.severity == .error }.count == 1)
        #expect(Self.tls(loaded)?.isUnknown == true)
    }

    @Test("objects that repeat the variable before them (shared in memory, huge once written) are refused")
    func doublingObjects() throws {
        let json = Self.doubling(
            count: 59, step: { #"{"a": "[variables('\#($0)')]", "b": "[variables('\#($0)')]"}"# },
            use: "[string(length(string(variables('v59'))))]")
        let (loaded, elapsed) = try Self.load(json)
        #expect(elapsed < .seconds(10))
        #expect(loaded.problems.contains { $0.severity == .error && $0.message.hasPrefix("the value of variable 'v") })
        #expect(Self.tls(loaded)?.isUnknown == true)
    }

    @Test("replace(), format() and join() that would multiply a large string are refused before building it")
    func multiplyingFunctions() throws {
        let big = #"[concat(variables('v14'), variables('v14'))]"#  // v15: 1.2 MB
        for (use, function) in [
            ("[string(length(replace(variables('big'), 'a', variables('big'))))]", "replace"),
            ("[string(length(format('{0}{0}{0}{0}{0}', variables('big'))))]", "format"),
            ("[string(length(join(createArray('a', 'b', 'c', 'd', 'e'), variables('big'))))]", "join"),
        ] {
            let json = Self.doubling(count: 14, step: { #""[concat(variables('\#($0)'), variables('\#($0)'))]""# }, use: use)
                .replacingOccurrences(of: #""v0": "#, with: #""big": "\#(big)", "v0": "#)
            let (loaded, _) = try Self.load(json)
            let errors = loaded.problems.filter { $0.severity == .error }
            #expect(
                errors.count == 1 && errors[0].message.hasPrefix("\(function)() would build a string larger than 4 MB"),
                "\(function): \(loaded.problems)")
        }
    }

    @Test("a template that is large but within ARM's limits still evaluates: a 1.2 MB variable and 800 resources")
    func largeButFine() throws {
        let json = Self.doubling(
            count: 15, step: { #""[concat(variables('\#($0)'), variables('\#($0)'))]""# }, use: "[string(length(variables('v15')))]"
        )
        .replacingOccurrences(
            of: #""name": "st","#,
            with: #""name": "st", "copy": {"name": "c", "count": 1}, "tags": {"n": "[copyIndex()]"},"#)
        let (loaded, _) = try Self.load(json)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(Self.tls(loaded)?.stringValue == String(36 << 15))
        let many = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('st', copyIndex())]",
                  "copy": {"name": "c", "count": 800}, "properties": {"tags": "[range(0, 100)]"}}]
                """)
        let (manyLoaded, _) = try Self.load(many)
        #expect(manyLoaded.problems.isEmpty, "\(manyLoaded.problems)")
        #expect(manyLoaded.resources.count == 800)
    }

    @Test("values that grow slowly, each under the limit, stop at the session's byte budget")
    func byteBudget() throws {
        // 800 resources, each holding the same 600 KB string: 470 MB if written out, every value under 4 MB.
        let json = Self.doubling(count: 14, step: { #""[concat(variables('\#($0)'), variables('\#($0)'))]""# }, use: "[variables('v14')]")
            .replacingOccurrences(
                of: #""name": "st","#, with: #""name": "[concat('st', copyIndex())]", "copy": {"name": "c", "count": 800},"#)
        let (loaded, elapsed) = try Self.load(json)
        #expect(elapsed < .seconds(20))
        #expect(
            loaded.problems.contains { $0.severity == .error && $0.message.hasPrefix("the template handles more than 64 MB of values") })
    }

    @Test("ARM's documented limits warn: 800 resources, 256 parameters, 512 variables, 64 outputs, 1 MB per resource, 4 MB expanded")
    func armLimitWarnings() throws {
        func names(_ prefix: String, _ count: Int, _ body: String) -> String {
            "{" + (0..<count).map { "\"\(prefix)\($0)\": \(body)" }.joined(separator: ", ") + "}"
        }
        let json = TemplateFixtures.template(
            resources: """
                [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('st', copyIndex())]",
                  "copy": {"name": "c", "count": 401}, "properties": {}},
                 {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('sa', copyIndex())]",
                  "copy": {"name": "d", "count": 400}, "properties": {}},
                 {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('big', copyIndex())]",
                  "copy": {"name": "b", "count": 4}, "properties": {"a": "[variables('v15')]"}}]
                """,
            parameters: names("p", 257, #"{"type": "int", "defaultValue": 1}"#),
            variables: String(names("x", 513, "1").dropLast())
                + #", "v0": "abcdefghijklmnopqrstuvwxyz0123456789", "#
                + (1...15).map { #""v\#($0)": "[concat(variables('v\#($0 - 1)'), variables('v\#($0 - 1)'))]""# }.joined(separator: ", ")
                + "}",
            extra: #" "outputs": \#(names("o", 65, #"{"type": "int", "value": 1}"#)),"#)
        let (loaded, _) = try Self.load(json)
        let warnings = loaded.problems.filter { $0.severity == .warning }.map(\.message)
        #expect(loaded.problems.allSatisfy { $0.severity != .error }, "\(loaded.problems)")
        for expected in [
            "the template deploys 805 resources once copy loops are expanded; ARM allows 800",
            "the template is about 4 MB once expanded; ARM refuses templates larger than 4 MB after expansion",
            "the template declares 257 parameters; ARM allows 256", "the template declares 529 variables; ARM allows 512",
            "the template declares 65 outputs; ARM allows 64", "resource 'big0' (Microsoft.Storage/storageAccounts) is larger than 1 MB",
        ] {
            #expect(warnings.contains { $0.hasPrefix(expected) }, "\(expected) in \(warnings)")
        }
    }
}
