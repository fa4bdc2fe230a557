import PostureModel
import SourceModel
import TerraformModel

extension AzureResourceMapping {
    /// A change to a resource that another block declares.
    struct Patch {
        /// The id of the resource changed.
        var target: String
        /// Append `body` to the array at this path, instead of merging it onto the resource's body.
        var into: [String]?
        /// Write `body` at this path of the resource (an entry of an object such as `outboundRules`).
        var at: [String]?
        var body: Value
        var instance: TerraformResourceInstance
    }

    /// Merges each patch (`azapi_update_resource`, `azurerm_key_vault_access_policy`, a separate customer-managed
    /// key) onto the resource whose id it names, in order. A patch whose target is not in the configuration is a
    /// note: the resource it patches is managed elsewhere and not judged here.
    func applyPatches(
        _ patches: [Patch], to resources: inout [Resource], diagnostics: inout [Diagnostic]
    ) {
        guard !patches.isEmpty else { return }
        var byID: [String: Int] = [:]
        for (index, resource) in resources.enumerated() { byID[resource.id.lowercased()] = index }
        for patch in patches {
            guard let index = byID[patch.target.lowercased()] else {
                diagnostics.append(
                    Diagnostic(
                        .terraformMapping, .note, at: patch.instance.location,
                        "\(patch.instance.address) patches a resource that is not in this configuration, so the change is not judged"))
                continue
            }
            let here = patch.instance.location
            if let path = patch.at {
                resources[index].body = resources[index].body.setting(path, to: patch.body, creatingAt: here)
            } else if let into = patch.into {
                let element = Value(.array([patch.body]), location: here)
                resources[index].body = resources[index].body.setting(into, to: element, creatingAt: here)
            } else {
                var body = patch.body
                // What identifies the patch itself is not part of the change.
                if var members = body.members {
                    members.removeAll { $0.key == "type" || $0.key == "name" }
                    body = Value(.object(members), location: body.location)
                }
                resources[index].body = resources[index].body.merging(body, creatingAt: here)
            }
        }
    }

    /// Lists each child in its parent's `childIDs` when both are in the configuration.
    static func linkChildren(_ resources: inout [Resource]) {
        var byID: [String: Int] = [:]
        for (index, resource) in resources.enumerated() { byID[resource.id.lowercased()] = index }
        for resource in resources {
            guard let parentID = resource.parentID, let parent = byID[parentID.lowercased()] else { continue }
            if !resources[parent].childIDs.contains(resource.id) { resources[parent].childIDs.append(resource.id) }
        }
    }
}
