extension Finding {
    /// A stable identity for a finding that does not move with line numbers or reformatting: rule, file, resource
    /// type and name, property, and the Terraform address when there is one (instances of one block may share a
    /// name). Two FNV-1a 64-bit hashes with different offsets, as 32 hex digits. SARIF writes it as
    /// `partialFingerprints["bulwarkFinding/v1"]`, and baselines record it.
    public var fingerprint: String {
        var parts = [ruleID, resource.source.file, resource.type.name.lowercased(), resource.name.lowercased(), property ?? ""]
        if let address = resource.address { parts.append(address) }
        let key = parts.joined(separator: "\u{1F}")
        func fnv(_ basis: UInt64) -> String {
            var hash = basis
            for byte in key.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        return fnv(0xcbf2_9ce4_8422_2325) + fnv(0x84222325_cbf29ce4)
    }
}
