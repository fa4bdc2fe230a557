import Foundation
import LocatedJSON

/// The provider major versions a plan's configuration asks for (`configuration.provider_config.<name>.version_constraint`),
/// so that a mapping reads attribute names of the right major version.
enum ProviderVersions {
    /// Root providers only (`azurerm`, not `module.x:azurerm`), by local name.
    static func majors(_ configuration: JSONValue?) -> [String: Int] {
        var majors: [String: Int] = [:]
        let providers = configuration.flatMap { PlanDetection.member($0, "provider_config") }?.members ?? []
        for provider in providers where !provider.key.contains(":") {
            guard let constraint = PlanDetection.member(provider.value, "version_constraint")?.stringValue,
                let major = lowestMajor(constraint)
            else { continue }
            let name = PlanDetection.member(provider.value, "name")?.stringValue ?? provider.key
            majors[name] = major
        }
        return majors
    }

    /// The lowest major version a constraint admits: `~> 3.100` → 3, `>= 4.0, < 5` → 4, `=3.0.2` → 3; nil without a
    /// lower bound (`< 5`).
    static func lowestMajor(_ constraint: String) -> Int? {
        var lowest: Int?
        for part in constraint.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces)
            let version = text.drop { "~>=!< ".contains($0) }
            let operatorText = text.prefix { "~>=!< ".contains($0) }.filter { $0 != " " }
            guard ["", "=", ">=", ">", "~>"].contains(String(operatorText)),
                let major = Int(version.prefix { $0.isNumber })
            else { continue }
            lowest = max(lowest ?? major, major)
        }
        return lowest
    }
}
