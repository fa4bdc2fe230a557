import PostureModel
import SourceModel
import Suppressions
import Testing

@Suite("inline suppressions in ARM, Bicep and Terraform files")
struct InlineSuppressionsTests {
    @Test("Bicep: comments above (decorators and other comments between) and inside; malformed and unattached ones warn")
    func bicep() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "main.bicep",
            """
            param location string = 'eastus'

            // bulwark:suppress BW-AI-001 reason="Private endpoint lands in Q3" until=2027-01-31
            // owner: platform team
            @description('The account')
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: 'oai-prod'
              location: location
              /* bulwark:suppress BW-AI-002 reason="Keys are rotated" until=never */
              properties: {}
            }

            // bulwark:suppress BW-AI-001 reason="x" until=2027-02-30
            resource other 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: 'oai-dev'
            }

            // bulwark:suppress BW-AI-001 reason="above a variable" until=never

            var x = 1
            """)
        let account = resource("oai-prod", file: file, line: 6)
        let other = resource("oai-dev", file: file, line: 14)
        let inline = InlineSuppressions(resources: [account, other], knownRules: rules)
        let found = inline.byResource[ResourceKey(account)] ?? []
        #expect(found.map(\.rule) == ["BW-AI-001", "BW-AI-002"])
        #expect(found.map(\.location.line) == [3, 9])
        #expect(found.first?.reason == "Private endpoint lands in Q3")
        #expect(inline.byResource[ResourceKey(other)] == nil)
        let problems = inline.problems.map { "\($0.code) \($0.location.line)" }
        #expect(problems == ["malformed-suppression 13", "suppression-unattached 18"], "\(inline.problems)")
        #expect(inline.problems.allSatisfy { $0.severity == .warning })
    }

    @Test("Terraform: # above and // inside the block; # inside strings and heredocs is not a comment")
    func terraform() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "main.tf",
            #"""
            # bulwark:suppress BW-AI-001 reason="Needs public access for the demo" until=2027-01-31
            resource "azurerm_cognitive_account" "main" {
              name        = "oai-prod"
              description = "# bulwark:suppress BW-AI-002 reason=\"in a string\" until=never"
              custom      = <<EOT
            # bulwark:suppress BW-AI-002 reason="in a heredoc" until=never
            EOT
              public_network_access_enabled = true // bulwark:suppress BW-NET-003 reason="Demo" until=never
            }

            variable "x" {}
            # bulwark:suppress BW-AI-001 reason="dangling" until=never
            """#)
        let main = resource("oai-prod", file: file, line: 2, address: "azurerm_cognitive_account.main")
        let inline = InlineSuppressions(resources: [main], knownRules: rules)
        #expect((inline.byResource[ResourceKey(main)] ?? []).map(\.rule) == ["BW-AI-001", "BW-NET-003"])
        #expect(inline.problems.map { "\($0.code) \($0.location.line):\($0.location.column)" } == ["suppression-unattached 12:1"])
    }

    @Test("Terraform module: a comment in the module's file suppresses every instance; a file without resources warns")
    func module() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "modules/ai/main.tf",
            """
            resource "azurerm_cognitive_account" "this" {
              # bulwark:suppress BW-AI-001 reason="Shared dev accounts" until=2027-06-30
              name = var.name
            }
            """)
        let lonely = try scratch.write("other.tf", "# bulwark:suppress BW-AI-001 reason=\"x\" until=never\nlocals {}\n")
        let east = resource("oai-east", file: file, line: 1, address: #"module.ai["east"].azurerm_cognitive_account.this"#)
        let west = resource("oai-west", file: file, line: 1, address: #"module.ai["west"].azurerm_cognitive_account.this"#)
        let inline = InlineSuppressions(resources: [east, west], scannedFiles: [lonely, file], knownRules: rules)
        #expect(inline.byResource[ResourceKey(east)]?.count == 1)
        #expect(inline.byResource[ResourceKey(west)]?.count == 1)
        #expect(inline.suppressions.count == 1)
        #expect(inline.problems.map { "\($0.code) \($0.location.file)" } == ["suppression-unattached \(lonely)"])
    }

    @Test("ARM: metadata.bulwark.suppress on the resource; a malformed entry warns at its position")
    func arm() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "azuredeploy.json",
            """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "resources": [
                {
                  "type": "Microsoft.CognitiveServices/accounts",
                  "apiVersion": "2024-10-01",
                  "name": "oai-prod",
                  "metadata": {"bulwark": {"suppress": [
                    {"rule": "BW-AI-001", "reason": "Private endpoint lands in Q3", "expires": "2027-01-31"},
                    {"rule": "BW-AI-002", "expires": "2027-01-31"},
                    {"rule": "BW-AI-002", "reason": "r", "expires": "soon"},
                    {"rule": "BW-AI-002", "reason": "r", "expires": "never", "ticket": "42"}
                  ]}}
                },
                {
                  "type": "Microsoft.CognitiveServices/accounts",
                  "apiVersion": "2024-10-01",
                  "name": "oai-dev",
                  "metadata": {"bulwark": {"suppress": {"rule": "BW-AI-001"}}}
                }
              ]
            }
            """)
        let prod = resource("oai-prod", file: file, line: 5, column: 5)
        let dev = resource("oai-dev", file: file, line: 16, column: 5)
        let inline = InlineSuppressions(resources: [prod, dev], knownRules: rules)
        let found = try #require(inline.byResource[ResourceKey(prod)])
        #expect(found.map(\.rule) == ["BW-AI-001"])
        #expect(found.first?.expires == CalendarDay("2027-01-31"))
        #expect(found.first?.location.description == "\(file):10:9")
        #expect(inline.byResource[ResourceKey(dev)] == nil)
        let problems = inline.problems.map { "\($0.location.line) \($0.message)" }
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("11 ") && $0.contains("has no 'reason'") })
        #expect(problems.contains { $0.hasPrefix("12 ") && $0.contains("found 'soon'") })
        #expect(problems.contains { $0.hasPrefix("13 ") && $0.contains("unknown key 'ticket'") })
        #expect(problems.contains { $0.hasPrefix("20 ") && $0.contains("to be a list") })
    }
}
