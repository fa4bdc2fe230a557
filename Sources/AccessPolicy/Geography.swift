/// Geographies an identity may be limited to, and the Azure regions in each.
public enum Geography {
    public static let regions: [String: Set<String>] = [
        "eu": [
            "westeurope", "northeurope", "swedencentral", "swedensouth", "francecentral", "francesouth",
            "germanywestcentral", "germanynorth", "italynorth", "polandcentral", "spaincentral", "austriaeast",
            "belgiumcentral", "denmarkeast",
        ],
        "us": [
            "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus", "southcentralus",
            "westcentralus", "centraluseuap", "eastus2euap", "usgovvirginia", "usgovarizona", "usgovtexas", "usgoviowa",
            "usdodcentral", "usdodeast",
        ],
    ]

    /// True when `region` is allowed by `allowed` (regions or geographies); an empty list allows every region.
    public static func allows(_ allowed: [String], region: String) -> Bool {
        guard !allowed.isEmpty else { return true }
        let region = region.lowercased()
        return allowed.contains { entry in
            let entry = entry.lowercased()
            return entry == region || regions[entry]?.contains(region) == true
        }
    }
}
