import BicepCompiler
import Testing

@Suite("Resource type casing")
struct ResourceTypeCasingTests {
    func type(_ declaration: String) -> String? {
        string(compile("resource r '\(declaration)' = {\n  name: 'n'\n}\noutput id string = r.id\n"), "resources", 0, "type")
    }

    @Test("types are written in the type library's casing, at the versions it has them")
    func canonical() {
        #expect(type("microsoft.network/publicIpAddresses@2020-06-01") == "Microsoft.Network/publicIPAddresses")
        // A version the table does not have, for a type with one casing at every version: that casing.
        #expect(type("Microsoft.Network/publicIpAddresses@2099-01-01") == "Microsoft.Network/publicIPAddresses")
        // A type with two casings at two versions: each version's own, and as written elsewhere.
        #expect(type("microsoft.cache/redis@2019-07-01") == "Microsoft.Cache/Redis")
        #expect(type("microsoft.cache/REDIS@2020-06-01") == "Microsoft.Cache/redis")
        #expect(type("microsoft.cache/REDIS@2099-01-01") == "microsoft.cache/REDIS")
        #expect(type("Contoso.Unknown/things@2024-01-01") == "Contoso.Unknown/things")
    }

    @Test("ids of existing resources use the same casing")
    func ids() {
        let template = compile(
            "resource r 'microsoft.network/publicIpAddresses@2020-06-01' existing = {\n  name: 'n'\n}\noutput id string = r.id\n")
        #expect(string(template, "outputs", "id", "value") == "[resourceId('Microsoft.Network/publicIPAddresses', 'n')]")
    }
}
