import Foundation
import PostureModel
import TerraformModel

/// A resource's name, id, parent and scope, written as the ARM engine writes template ids:
/// `/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Namespace/type/name`, the resource group
/// filled in when `resource_group_name` is known. Unknown parts are written as their expressions, so ids stay
/// recognisable and distinct.
struct ResourceIdentity: Sendable, Hashable {
    static let subscriptionScope = "/subscriptions/{subscription}"

    var name: String
    var id: String
    var parentID: String?
    var scopeID: String?

    /// The identity of a resource of `mapping`'s type. `fallbackName` names a resource whose configuration gives
    /// no name (the provider generates one at apply, as for role assignments).
    init(_ mapping: TypeMapping, attributes: TerraformValue, fallbackName: String) {
        let name = Self.text(attributes[member: mapping.nameAttribute]) ?? fallbackName
        let type = mapping.armType
        switch mapping.placement {
        case .resourceGroup:
            self.init(name: name, id: Self.resourceGroupID(attributes) + "/providers/\(type.name)/\(name)")
        case .resourceGroupItself:
            self.init(name: name, id: "\(Self.subscriptionScope)/resourceGroups/\(name)")
        case .tenant:
            self.init(name: name, id: "/providers/\(type.name)/\(name)")
        case .parentID(let attribute):
            let parentID = Self.text(attributes[member: attribute]) ?? "{\(attribute)}"
            self.init(child: name, of: parentID, type: type)
        case .parentName(let attribute):
            let parentName = Self.text(attributes[member: attribute]) ?? "{\(attribute)}"
            let parentType = type.parent ?? type
            let parentID = Self.resourceGroupID(attributes) + "/providers/\(parentType.name)/\(parentName)"
            self.init(child: name, of: parentID, type: type)
        case .extensionOf(let attribute):
            let scopeID = Self.text(attributes[member: attribute]) ?? "{\(attribute)}"
            self.init(name: name, id: "\(scopeID)/providers/\(type.name)/\(name)", scopeID: scopeID)
        }
    }

    init(name: String, id: String, parentID: String? = nil, scopeID: String? = nil) {
        self.name = name
        self.id = id
        self.parentID = parentID
        self.scopeID = scopeID
    }

    /// A child named `name` of the resource `parentID`: its id extends the parent's, its name is the parent's
    /// names and its own (`account/deployment`).
    init(child name: String, of parentID: String, type: ResourceType) {
        let segment = type.segments.last ?? type.name
        let parentNames = Self.names(inID: parentID)
        let fullName = parentNames.isEmpty ? name : (parentNames + [name]).joined(separator: "/")
        self.init(name: fullName, id: "\(parentID)/\(segment)/\(name)", parentID: parentID)
    }

    /// The resource names in a resource id, after its last `/providers/Namespace`: `["account", "project"]`.
    /// An id that is not a resource id (an unknown's expression) is taken as the parent's name.
    static func names(inID id: String) -> [String] {
        guard let range = id.range(of: "/providers/", options: [.backwards, .caseInsensitive]) else {
            return id.hasPrefix("/") ? [] : [id]
        }
        let tail = id[range.upperBound...].split(separator: "/").map(String.init)
        // Namespace, then type/name pairs.
        return stride(from: 2, to: tail.count, by: 2).map { tail[$0] }
    }

    /// `/subscriptions/{subscription}/resourceGroups/<resource_group_name or {resourceGroup}>`.
    static func resourceGroupID(_ attributes: TerraformValue) -> String {
        let group = attributes[member: "resource_group_name"]?.stringValue ?? "{resourceGroup}"
        return "\(subscriptionScope)/resourceGroups/\(group)"
    }

    /// A known string as it is, an unknown as its expression; nil when absent.
    static func text(_ value: TerraformValue?) -> String? {
        guard let value, !value.isNull else { return nil }
        if value.isSensitive { return TerraformValue.redacted }
        if let text = value.stringValue { return text }
        if case .unknown(let unknown) = value.kind { return unknown.expression }
        return nil
    }
}
