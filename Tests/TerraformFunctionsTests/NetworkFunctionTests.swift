import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("IP network functions") struct NetworkFunctionTests {
    @Test("cidrhost gives the documented results, and negative numbers count from the end")
    func hosts() throws {
        #expect(try call("cidrhost", s("10.12.112.0/20"), n(16)) == s("10.12.112.16"))
        #expect(try call("cidrhost", s("10.12.112.0/20"), n(268)) == s("10.12.113.12"))
        #expect(try call("cidrhost", s("fd00:fd12:3456:7890:00a2::/72"), n(34)) == s("fd00:fd12:3456:7890::22"))
        #expect(try call("cidrhost", s("10.0.0.0/24"), n(-1)) == s("10.0.0.255"))
        #expect(try call("cidrhost", s("10.0.0.0/24"), n(-256)) == s("10.0.0.0"))
        #expect(
            failure("cidrhost", s("10.0.0.0/24"), n(256))?.description.contains("prefix of 24 does not accommodate a host numbered 256")
                == true)
        #expect(failure("cidrhost", s("10.0.0.0/24"), n(-257)) != nil)
        #expect(failure("cidrhost", s("10.0.0/24"), n(1))?.description.contains("invalid CIDR expression") == true)
    }

    @Test("cidrnetmask is for IPv4 only")
    func netmask() throws {
        #expect(try call("cidrnetmask", s("172.16.0.0/12")) == s("255.240.0.0"))
        #expect(try call("cidrnetmask", s("10.0.0.0/32")) == s("255.255.255.255"))
        #expect(try call("cidrnetmask", s("0.0.0.0/0")) == s("0.0.0.0"))
        #expect(failure("cidrnetmask", s("fd00::/8"))?.description.contains("IPv6 addresses cannot have a netmask") == true)
    }

    @Test("cidrsubnet gives the documented results on IPv4 and IPv6")
    func subnet() throws {
        #expect(try call("cidrsubnet", s("172.16.0.0/12"), n(4), n(2)) == s("172.18.0.0/16"))
        #expect(try call("cidrsubnet", s("10.1.2.0/24"), n(4), n(15)) == s("10.1.2.240/28"))
        #expect(try call("cidrsubnet", s("fd00:fd12:3456:7890::/56"), n(16), n(162)) == s("fd00:fd12:3456:7800:a200::/72"))
        #expect(try call("cidrsubnet", s("10.1.2.3/16"), n(0), n(0)) == s("10.1.0.0/16"))
        #expect(
            failure("cidrsubnet", s("10.0.0.0/30"), n(4), n(0))?.description.contains(
                "insufficient address space to extend prefix of 30 by 4") == true)
        #expect(
            failure("cidrsubnet", s("10.0.0.0/16"), n(4), n(16))?.description.contains(
                "prefix extension of 4 does not accommodate a subnet numbered 16") == true)
    }

    @Test("cidrsubnets allocates consecutive aligned subnets")
    func subnets() throws {
        #expect(
            try call("cidrsubnets", s("10.1.0.0/16"), n(4), n(4), n(8), n(4))
                == strings("10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"))
        #expect(
            try call("cidrsubnets", s("fd00:fd12:3456:7890::/56"), n(16), n(16), n(16), n(32))
                == strings(
                    "fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72",
                    "fd00:fd12:3456:7800:300::/88"))
        #expect(try call("cidrsubnets", s("10.0.0.0/8")) == list())
        // The documented nesting: [for cidr_block in cidrsubnets("10.0.0.0/8", 8, 8) : cidrsubnets(cidr_block, 4, 4)]
        let outer = try call("cidrsubnets", s("10.0.0.0/8"), n(8), n(8))
        let nested = try (outer.elements ?? []).map { block in try call("cidrsubnets", block, n(4), n(4)) }
        #expect(nested == [strings("10.0.0.0/20", "10.0.16.0/20"), strings("10.1.0.0/20", "10.1.16.0/20")])
        #expect(
            failure("cidrsubnets", s("10.0.0.0/30"), n(1), n(1), n(1))?.description.contains("not enough remaining address space") == true)
        #expect(failure("cidrsubnets", s("10.0.0.0/8"), n(0))?.description.contains("at least one bit") == true)
        #expect(failure("cidrsubnets", s("10.0.0.0/8"), n(30))?.description.contains("too long for an IPv4 address") == true)
    }
}
