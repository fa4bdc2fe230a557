@testable import ARMTemplates
import Testing

/// Expected values come from the examples on Microsoft Learn's "CIDR functions for ARM templates" page unless a
/// test says otherwise.
@Suite("ARM CIDR functions")
struct CIDRFunctionTests {
    @Test("parseCidr() describes an IPv4 range with its broadcast address")
    func parseIPv4() throws {
        #expect(
            try ExpressionTesting.json("[parseCidr('10.144.0.0/20')]") == #"""
                {"network": "10.144.0.0", "netmask": "255.255.240.0", "broadcast": "10.144.15.255", \#
                "firstUsable": "10.144.0.1", "lastUsable": "10.144.15.254", "cidr": 20}
                """#)
    }

    @Test("parseCidr() describes an IPv6 range without a broadcast address")
    func parseIPv6() throws {
        #expect(
            try ExpressionTesting.json("[parseCidr('fdad:3236:5555::/48')]") == #"""
                {"network": "fdad:3236:5555::", "netmask": "ffff:ffff:ffff::", "firstUsable": "fdad:3236:5555::", \#
                "lastUsable": "fdad:3236:5555:ffff:ffff:ffff:ffff:ffff", "cidr": 48}
                """#)
    }

    @Test(
        "parseCidr() edge ranges: host bits cleared, /31 and /32 without reserved addresses, /0",
        arguments: [
            (
                "10.144.3.7/20",
                #""network": "10.144.0.0", "netmask": "255.255.240.0", "broadcast": "10.144.15.255", "firstUsable": "10.144.0.1""#
            ),
            (
                "192.168.1.5/32",
                #""network": "192.168.1.5", "netmask": "255.255.255.255", "broadcast": "192.168.1.5", "firstUsable": "192.168.1.5", "lastUsable": "192.168.1.5""#
            ),
            ("10.0.0.0/31", #""broadcast": "10.0.0.1", "firstUsable": "10.0.0.0", "lastUsable": "10.0.0.1""#),
            (
                "0.0.0.0/0",
                #""network": "0.0.0.0", "netmask": "0.0.0.0", "broadcast": "255.255.255.255", "firstUsable": "0.0.0.1", "lastUsable": "255.255.255.254""#
            ),
            ("::/0", #""network": "::", "netmask": "::", "firstUsable": "::", "lastUsable": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff""#),
            ("FDAD:3236:5555:0:0:0:0:7/128", #""network": "fdad:3236:5555::7", "netmask": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff""#),
            (
                "::ffff:10.0.0.0/120",
                #""network": "::ffff:10.0.0.0", "netmask": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00", "firstUsable": "::ffff:10.0.0.0", "lastUsable": "::ffff:10.0.0.255""#
            ),
        ])
    func parseEdges(cidr: String, expected: String) throws {
        #expect(try ExpressionTesting.json("[parseCidr('\(cidr)')]").contains(expected))
    }

    @Test(
        "IPv6 text follows RFC 5952 as .NET writes it: the longest run of two or more zero groups becomes ::",
        arguments: [
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"), ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("0:0:0:0:0:0:0:1", "::1"),
            ("2001:db8::", "2001:db8::"), ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"), ("::192.168.0.1", "::192.168.0.1"),
        ])
    func ipv6Text(address: String, expected: String) throws {
        #expect(try ExpressionTesting.json("[parseCidr('\(address)/128').network]") == "\"\(expected)\"")
    }

    @Test(
        "cidrSubnet() gives the documented first five /24 subnets of a /20 and /52 subnets of a /48",
        arguments: [
            ("10.144.0.0/20", 24, ["10.144.0.0/24", "10.144.1.0/24", "10.144.2.0/24", "10.144.3.0/24", "10.144.4.0/24"]),
            (
                "fdad:3236:5555::/48", 52,
                [
                    "fdad:3236:5555::/52", "fdad:3236:5555:1000::/52", "fdad:3236:5555:2000::/52", "fdad:3236:5555:3000::/52",
                    "fdad:3236:5555:4000::/52",
                ]
            ),
        ])
    func cidrSubnet(network: String, prefix: Int, expected: [String]) throws {
        for (index, subnet) in expected.enumerated() {
            #expect(try ExpressionTesting.json("[cidrSubnet('\(network)', \(prefix), \(index))]") == "\"\(subnet)\"")
        }
    }

    @Test(
        "cidrSubnet() edge cases: the same prefix, the last subnet, huge IPv6 index spaces",
        arguments: [
            ("[cidrSubnet('10.0.0.0/8', 8, 0)]", "10.0.0.0/8"), ("[cidrSubnet('10.0.0.0/8', 16, 255)]", "10.255.0.0/16"),
            ("[cidrSubnet('10.0.0.0/24', 32, 255)]", "10.0.0.255/32"), ("[cidrSubnet('10.1.2.3/16', 24, 1)]", "10.1.1.0/24"),
            ("[cidrSubnet('fdad::/16', 128, 9223372036854775807)]", "fdad::7fff:ffff:ffff:ffff/128"),
        ])
    func cidrSubnetEdges(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == "\"\(expected)\"")
    }

    @Test(
        "cidrSubnet() rejects prefixes shorter than the network's or too long, and indexes out of range",
        arguments: [
            ("[cidrSubnet('10.144.0.0/20', 16, 0)]", "cidrSubnet() new CIDR must be between 20 and 32 for /20, got 16"),
            ("[cidrSubnet('10.144.0.0/20', 33, 0)]", "cidrSubnet() new CIDR must be between 20 and 32 for /20, got 33"),
            ("[cidrSubnet('fdad::/48', 129, 0)]", "cidrSubnet() new CIDR must be between 48 and 128"),
            (
                "[cidrSubnet('10.144.0.0/20', 24, 16)]",
                "cidrSubnet() subnet index must be between 0 and 16 - 1 for /24 subnets of /20, got 16"
            ),
            ("[cidrSubnet('10.144.0.0/20', 24, -1)]", "cidrSubnet() subnet index must be between 0 and 16 - 1"),
            ("[cidrSubnet('10.144.0.0/20', '24', 0)]", "cidrSubnet() expects an integer as argument 2, got string"),
        ])
    func cidrSubnetErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "cidrHost() gives the documented first five hosts of an IPv4 /24 and an IPv6 /52",
        arguments: [
            ("10.144.3.0/24", ["10.144.3.1", "10.144.3.2", "10.144.3.3", "10.144.3.4", "10.144.3.5"]),
            (
                "fdad:3236:5555:3000::/52",
                [
                    "fdad:3236:5555:3000::1", "fdad:3236:5555:3000::2", "fdad:3236:5555:3000::3", "fdad:3236:5555:3000::4",
                    "fdad:3236:5555:3000::5",
                ]
            ),
        ])
    func cidrHost(network: String, expected: [String]) throws {
        for (index, host) in expected.enumerated() {
            #expect(try ExpressionTesting.json("[cidrHost('\(network)', \(index))]") == "\"\(host)\"")
        }
    }

    @Test(
        "cidrHost() usable-address edges: the last host, /31 and /32, and IPv6's last address",
        arguments: [
            ("[cidrHost('192.168.1.0/24', 253)]", "192.168.1.254"), ("[cidrHost('10.0.0.0/31', 1)]", "10.0.0.1"),
            ("[cidrHost('10.0.0.0/31', 0)]", "10.0.0.0"), ("[cidrHost('10.0.0.9/32', 0)]", "10.0.0.9"),
            ("[cidrHost('fdad::/127', 0)]", "fdad::1"), ("[cidrHost('fdad::/120', 254)]", "fdad::ff"),
        ])
    func cidrHostEdges(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == "\"\(expected)\"")
    }

    @Test(
        "cidrHost() rejects indexes past the usable addresses",
        arguments: [
            ("[cidrHost('192.168.1.0/24', 254)]", "cidrHost() host index must be between 0 and 253 for /24, got 254"),
            ("[cidrHost('192.168.1.0/24', -1)]", "cidrHost() host index must be between 0 and 253 for /24, got -1"),
            ("[cidrHost('10.0.0.9/32', 1)]", "cidrHost() host index must be between 0 and 0 for /32, got 1"),
            ("[cidrHost('fdad::/127', 1)]", "cidrHost() host index must be between 0 and 0 for /127, got 1"),
            ("[cidrHost('fdad::1/128', 0)]", "cidrHost() an IPv6 /128 has no host addresses"),
            ("[cidrHost('10.0.0.0/8')]", "cidrHost() takes 2 arguments, got 1"),
        ])
    func cidrHostErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "malformed ranges are reported",
        arguments: [
            "10.0.0.0", "10.0.0/8", "256.0.0.0/8", "10.0.0.0/33", "01.0.0.0/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8",
            "fdad::/129", "1::2::3/64", "1:2:3:4:5:6:7:8:9/64", "12345::/16", "fdad:3236/32", "abc", "", " 10.0.0.0/8", "fe80::1%eth0/64",
        ])
    func malformed(cidr: String) throws {
        let message = try ExpressionTesting.error("[parseCidr('\(cidr)')]")
        #expect(
            message?.hasPrefix("parseCidr() expects an IPv4 or IPv6 range in CIDR notation such as '10.0.0.0/16', got '\(cidr)'") == true)
    }

    @Test("the network argument must be a string")
    func networkType() throws {
        #expect(try ExpressionTesting.error("[parseCidr(10)]")?.hasPrefix("parseCidr() expects a string as argument 1, got int") == true)
    }
}
