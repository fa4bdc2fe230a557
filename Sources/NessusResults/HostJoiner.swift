import PostureModel

/// Finds the scanned resource a Nessus host is, strongest evidence first (asset map, resource id tag, FQDN, hostname,
/// IP address), and the compute that owns it: a network interface's findings go to the virtual machine that lists it,
/// a public IP's to the network interface that uses it (and so to its virtual machine).
struct HostJoiner {
    static let virtualMachine: ResourceType = "Microsoft.Compute/virtualMachines"
    static let networkInterface: ResourceType = "Microsoft.Network/networkInterfaces"
    static let publicIP: ResourceType = "Microsoft.Network/publicIPAddresses"
    /// Host tags that hold an Azure resource id (Tenable's cloud connectors and asset exports use these names).
    static let resourceIDTags = ["azure-resource-id", "azure_resource_id", "azure-resource-ids", "azure_resource_ids"]
    /// Host tags that hold a virtual machine's `vmId`.
    static let vmIDTags = ["azure-vm-id", "azure_vm_id"]

    let resources: [Resource]
    let assetMap: AssetMap
    private var byID: [String: Int] = [:]
    /// Network interface index to the virtual machine that lists it.
    private(set) var nicOwner: [Int: Int] = [:]
    /// Public IP index to the network interface whose IP configuration uses it.
    private(set) var publicIPOwner: [Int: Int] = [:]
    private var endpointNames: [(name: String, resource: Int)] = []
    private var computerNames: [String: Int] = [:]
    private var addresses: [String: Int] = [:]

    init(resources: [Resource], assetMap: AssetMap, endpoints: EndpointPatterns = .bundled) {
        self.resources = resources
        self.assetMap = assetMap
        for (index, resource) in resources.enumerated() where byID[ResourceIDText.key(resource.id)] == nil {
            byID[ResourceIDText.key(resource.id)] = index
        }
        for (index, resource) in resources.enumerated() {
            switch resource.type {
            case Self.virtualMachine:
                for id in resource.strings(at: "properties.networkProfile.networkInterfaces[].id") {
                    if let nic = lookup(id), nicOwner[nic] == nil { nicOwner[nic] = index }
                }
                for name in resource.strings(at: "properties.osProfile.computerName") where computerNames[name.lowercased()] == nil {
                    computerNames[name.lowercased()] = index
                }
            case Self.networkInterface:
                for configuration in resource.values(at: "properties.ipConfigurations[].properties") {
                    if let id = configuration[member: "publicIPAddress"]?[member: "id"]?.stringValue, let ip = lookup(id) {
                        publicIPOwner[ip] = publicIPOwner[ip] ?? index
                    }
                    let method = configuration[member: "privateIPAllocationMethod"]?.stringValue?.lowercased()
                    if method == "static", let address = configuration[member: "privateIPAddress"]?.stringValue, addresses[address] == nil {
                        addresses[address] = index
                    }
                }
            case Self.publicIP:
                for address in resource.strings(at: "properties.ipAddress") where addresses[address] == nil {
                    addresses[address] = index
                }
            default:
                break
            }
            for name in endpoints.names(of: resource) { endpointNames.append((name, index)) }
        }
    }

    /// The resource with this id (exactly, or with a template's symbolic scope).
    func lookup(_ id: String) -> Int? {
        if let exact = byID[ResourceIDText.key(id)] { return exact }
        // Only an ARM id can match with a symbolic scope; other ids (`host://`) are not searched for.
        guard id.lowercased().hasPrefix("/subscriptions/") else { return nil }
        if let symbolic = resources.firstIndex(where: { ResourceIDText.matches($0.id, id) }) { return symbolic }
        // Templates are scanned in a placeholder subscription and group: the provider part (type and name) decides
        // when exactly one resource has it.
        guard let tail = ResourceIDText.providerTail(id) else { return nil }
        let candidates = resources.indices.filter { ResourceIDText.providerTail(resources[$0].id) == tail }
        return candidates.count == 1 ? candidates.first : nil
    }

    /// The resource a host joins to, after following ownership to its compute, and how it was joined.
    func join(_ host: NessusHost) -> (resource: Int, join: HostJoin)? {
        if let mapped = assetMapped(host) { return (mapped, .assetMap) }
        if let tagged = tagged(host) { return (owner(of: tagged), .resourceTag) }
        for fqdn in host.fqdns {
            if let match = endpointNames.first(where: { EndpointPatterns.matches(fqdn, $0.name) }) {
                return (owner(of: match.resource), .fqdn)
            }
        }
        for name in host.shortNames {
            if let vm = computerNames[name] { return (vm, .hostname) }
        }
        for address in host.addresses {
            if let holder = addresses[address] { return (owner(of: holder), .ipAddress) }
        }
        return nil
    }

    /// The compute that owns a resource: a network interface's virtual machine, a public IP's network interface
    /// (and its virtual machine); any other resource is its own owner.
    func owner(of index: Int) -> Int {
        switch resources[index].type {
        case Self.networkInterface: return nicOwner[index] ?? index
        case Self.publicIP: return publicIPOwner[index].map(owner(of:)) ?? index
        default: return index
        }
    }

    /// The resource an asset map entry names (id, Terraform address or name), or nil.
    func resource(named reference: String) -> Int? {
        if let byId = lookup(reference) { return byId }
        let lowered = reference.lowercased()
        return resources.firstIndex { $0.address == reference }
            ?? resources.firstIndex { $0.name.lowercased() == lowered || $0.ownName.lowercased() == lowered }
    }

    private func assetMapped(_ host: NessusHost) -> Int? {
        let names = Set([host.name.lowercased()] + host.addresses + host.fqdns + host.shortNames)
        for entry in assetMap.entries where names.contains(entry.host.lowercased()) {
            if let index = resource(named: entry.resource) { return index }
        }
        return nil
    }

    private func tagged(_ host: NessusHost) -> Int? {
        var ids = Self.resourceIDTags.compactMap { host.tags[$0] }.flatMap { FQDNList.splitIDs($0) }
        ids += host.tags.values.filter { $0.lowercased().hasPrefix("/subscriptions/") && $0.lowercased().contains("/providers/") }
        for id in ids {
            if let index = lookup(id) { return index }
        }
        let vmIDs = Set(Self.vmIDTags.compactMap { host.tags[$0]?.lowercased() })
        guard !vmIDs.isEmpty else { return nil }
        return resources.firstIndex { resource in
            resource.type == Self.virtualMachine && resource.strings(at: "properties.vmId").contains { vmIDs.contains($0.lowercased()) }
        }
    }
}

extension FQDNList {
    /// Resource ids in a tag that may hold several, separated by commas, white space or list brackets.
    static func splitIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { ", \n\t[]\"".contains($0) }).map(String.init).filter { $0.hasPrefix("/") }
    }
}
