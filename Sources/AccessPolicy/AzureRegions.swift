/// The names of Azure's regions (`az account list-locations --query "[].name"`), as upstreams' `region` and
/// identities' `regions` write them, so a typo is refused with a suggestion instead of silently matching nothing.
public enum AzureRegions {
    /// Public Azure's physical regions, including those open only on request (Jio India, Taiwan, the EUAP canaries).
    public static let publicCloud: Set<String> = [
        "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral",
        "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "centraluseuap",
        "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "eastus2euap", "francecentral", "francesouth",
        "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "israelnorthwest", "italynorth",
        "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "malaysiasouth",
        "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest",
        "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southeastasia",
        "southindia", "spaincentral", "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "taiwannorth",
        "taiwannorthwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
        "westus", "westus2", "westus3",
    ]

    /// Azure Government (US) and Azure operated by 21Vianet (China).
    public static let sovereignClouds: Set<String> = [
        "usdodcentral", "usdodeast", "usgovarizona", "usgoviowa", "usgovtexas", "usgovvirginia",
        "chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3",
    ]

    public static let all = publicCloud.union(sovereignClouds)

    /// True for an Azure region's name, in any letter case.
    public static func isRegion(_ name: String) -> Bool {
        all.contains(name.lowercased())
    }

    /// Why `entry` is neither a region nor one of ``Geography/regions``' geographies, with the nearest name when one
    /// is close (`swedencentrl`: did you mean swedencentral?); nil when it is one. `geographies` says whether a
    /// geography is accepted here.
    public static func problem(with entry: String, geographies: Bool) -> String? {
        let name = entry.lowercased()
        if all.contains(name) || (geographies && Geography.regions[name] != nil) { return nil }
        let candidates = geographies ? all.union(Geography.regions.keys) : all
        let expected =
            geographies
            ? "an Azure region (such as swedencentral) or a geography (\(Geography.regions.keys.sorted().joined(separator: ", ")))"
            : "an Azure region such as swedencentral"
        guard let nearest = nearest(to: name, in: candidates) else { return "'\(entry)' is not \(expected)" }
        return "'\(entry)' is not \(expected); did you mean \(nearest)?"
    }

    /// The candidate closest to `name` by edit distance, when it is within a third of the name's length (at least 2).
    static func nearest(to name: String, in candidates: Set<String>) -> String? {
        let limit = max(2, name.count / 3)
        let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left), right = Array(right)
        guard !left.isEmpty else { return right.count }
        var row = Array(0...right.count)
        for i in 1...left.count {
            var diagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: right.count, by: 1) {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (left[i - 1] == right[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[right.count]
    }
}
