import Suppressions
import Testing

@Suite("resource globs and rule ids")
struct ResourceGlobTests {
    @Test("* spans any run of characters, slashes included; ? is one character; case is ignored")
    func wildcards() {
        let id = "/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai-prod"
        #expect(ResourceGlob("*/accounts/oai-*").matches(id))
        #expect(ResourceGlob("*/ACCOUNTS/OAI-PROD").matches(id))
        #expect(ResourceGlob("oai-pro?").matches("oai-prod"))
        #expect(!ResourceGlob("oai-pro?").matches("oai-produ"))
        #expect(!ResourceGlob("oai-pro?").matches("oai-pro"))
        #expect(ResourceGlob("*").matches(""))
        #expect(ResourceGlob("a*b*c").matches("axxbyyc"))
        #expect(!ResourceGlob("a*b*c").matches("axxbyy"))
        #expect(!ResourceGlob("oai").matches("oai-prod"), "a glob matches the whole text, not a part")
    }

    @Test("a glob matches a resource by its id, its name or its Terraform address")
    func names() {
        let glob = ResourceGlob("module.ai.azurerm_cognitive_account.*")
        #expect(glob.matches(id: "/x", name: "oai", address: "module.ai.azurerm_cognitive_account.main[\"east\"]"))
        #expect(!glob.matches(id: "/x", name: "oai", address: nil))
        #expect(ResourceGlob("oai").matches(id: "/x", name: "oai", address: nil))
        #expect(ResourceGlob("/X").matches(id: "/x", name: "oai", address: nil))
    }

    @Test("rule ids are the catalog's, in any case, or NESSUS-<digits>")
    func ruleIDs() {
        #expect(rules.contains("BW-AI-001"))
        #expect(rules.contains("bw-ai-001"))
        #expect(!rules.contains("BW-AI-999"))
        #expect(rules.contains("NESSUS-19506"))
        #expect(!rules.contains("NESSUS-"))
        #expect(!rules.contains("NESSUS-12a"))
    }
}
