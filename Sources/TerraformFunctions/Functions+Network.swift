import TerraformModel

/// `cidrhost`, `cidrnetmask`, `cidrsubnet` and `cidrsubnets` on IPv4 and IPv6 prefixes, as Terraform computes them
/// with go-cidr.
enum NetworkFunctions {
    static func network(_ arguments: Arguments) throws(TerraformFunctionError) -> IPNetwork {
        let text = try arguments.string(0)
        guard let network = IPNetwork(cidr: text) else {
            throw arguments.failed(
                "invalid CIDR expression: invalid CIDR address: \(arguments[0].isSensitive ? "(sensitive value)" : text)")
        }
        return network
    }

    /// `cidrhost(prefix, hostnum)`: a negative host number counts back from the last address.
    static func cidrHost(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let network = try network(arguments)
        let number = try arguments.integer(1)
        let hostBits = network.width - network.prefixLength
        let maximum: UInt128 = hostBits >= 128 ? .max : (UInt128(1) << hostBits) - 1
        let magnitude = number < 0 ? UInt128(number.magnitude) - 1 : UInt128(number)
        guard magnitude <= maximum else {
            throw arguments.failed("prefix of \(network.prefixLength) does not accommodate a host numbered \(number)")
        }
        let host = number < 0 ? maximum - magnitude : magnitude
        return .string(IPNetwork.text(network.address | host, width: network.width))
    }

    static func cidrNetmask(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let network = try network(arguments)
        guard network.width == 32 else { throw arguments.failed("IPv6 addresses cannot have a netmask: \(try arguments.string(0))") }
        return .string(IPNetwork.text(IPNetwork.mask(network.prefixLength, width: 32), width: 32))
    }

    /// `cidrsubnet(prefix, newbits, netnum)`.
    static func cidrSubnet(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let network = try network(arguments)
        let newBits = try arguments.integer(1)
        let number = try arguments.integer(2)
        guard newBits >= 0 else { throw arguments.invalid(1, "must not be negative") }
        guard number >= 0 else { throw arguments.invalid(2, "must not be negative") }
        let length = network.prefixLength + newBits
        guard length <= network.width else {
            throw arguments.failed("insufficient address space to extend prefix of \(network.prefixLength) by \(newBits)")
        }
        guard newBits >= 64 || UInt128(number) <= (UInt128(1) << newBits) - 1 else {
            throw arguments.failed("prefix extension of \(newBits) does not accommodate a subnet numbered \(number)")
        }
        let shifted = network.width - length >= 128 ? 0 : UInt128(number) << (network.width - length)
        let subnet = IPNetwork(address: network.address | shifted, prefixLength: length, width: network.width)
        return .string(subnet.description)
    }

    /// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned to its own size.
    static func cidrSubnets(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let network = try network(arguments)
        guard arguments.count > 1 else { return TerraformValue(.list([])) }
        var current = network.previous(length: network.prefixLength + (try arguments.integer(1)))
        var subnets: [TerraformValue] = []
        for index in 1..<arguments.count {
            var length = try arguments.integer(index)
            guard length >= 1 else { throw arguments.invalid(index, "must extend prefix by at least one bit") }
            guard length <= 32 else { throw arguments.invalid(index, "may not extend prefix by more than 32 bits") }
            length += network.prefixLength
            guard length <= network.width else {
                throw arguments.invalid(
                    index,
                    "would extend prefix to \(length) bits, which is too long for an \(network.width == 32 ? "IPv4" : "IPv6") address")
            }
            guard let next = current.next(length: length), network.contains(next.address) else {
                throw arguments.invalid(
                    index, "not enough remaining address space for a subnet with a prefix of \(length) bits after \(current.description)")
            }
            current = next
            subnets.append(.string(next.description))
        }
        return TerraformValue(.list(subnets))
    }
}
