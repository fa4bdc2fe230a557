import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform evaluation limits")
struct LimitTests {
    @Test("a very long chain of locals stops with an error instead of exhausting the stack")
    func longReferenceChain() throws {
        let locals = (0..<150).map { "  l\($0) = local.l\($0 + 1)" }.joined(separator: "\n")
        let (configuration, _) = try evaluate([
            "main.tf": "locals {\n\(locals)\n  l150 = 1\n}\nresource \"test_thing\" \"t\" { value = local.l0 }"
        ])
        #expect(configuration.diagnostics(.terraformReferenceCycle).count == 1)
        #expect(configuration.instances.count == 1)
    }

    @Test("deeply nested expressions evaluate up to the parser's limit without exhausting the stack")
    func deepExpressions() throws {
        let depth = 250
        let expression = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let (value, _) = try value(of: expression)
        #expect(value != nil)
    }

    @Test("modules nested deeper than the limit stop with an error")
    func deepModules() throws {
        var files: [String: String] = ["main.tf": "module \"m\" {\n  source = \"./m0\"\n}"]
        var path = "m0"
        for level in 0..<40 {
            files[path + "/main.tf"] = "module \"m\" {\n  source = \"./m\(level + 1)\"\n}\nresource \"test_thing\" \"t\" {}"
            path += "/m\(level + 1)"
        }
        let (configuration, _) = try evaluate(files)
        #expect(configuration.diagnostics(.terraformModuleNesting).count == 1)
        #expect(configuration.instances.count == 31)
    }

    @Test("for expressions multiplying work beyond the budget stop with one error, and the evaluation ends")
    func workBudget() throws {
        let list = "[" + (0..<120).map(String.init).joined(separator: ", ") + "]"
        let main = """
            locals {
              l = \(list)
            }
            resource "test_thing" "t" {
              value = [for a in local.l : [for b in local.l : [for c in local.l : a]]]
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics(.terraformTooManyInstances).count == 1)
        #expect(configuration.instances.count == 1)
    }
}
