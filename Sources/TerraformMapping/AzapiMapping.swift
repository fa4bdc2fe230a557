import Foundation
import LocatedJSON
import PostureModel
import SourceModel
import TerraformModel

/// `azapi_resource` and `azapi_update_resource`: the body is already ARM-shaped, so only the type, the id and the
/// few top-level arguments need mapping.
enum AzapiMapping {
    static let resourceType = "azapi_resource"
    static let updateType = "azapi_update_resource"

    /// `type = "Microsoft.X/y@2025-04-01"`: the ARM type and API version; nil when the type is not known.
    static func typeAndVersion(_ attributes: TerraformValue) -> (type: ResourceType, apiVersion: String?)? {
        guard let text = attributes[member: "type"]?.stringValue else { return nil }
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard let type = parts.first, type.split(separator: "/").count >= 2 else { return nil }
        return (ResourceType(type), parts.count > 1 ? parts[1] : nil)
    }

    /// The resource's id from `type`, `name` and `parent_id`: a child of a resource of its parent type, an
    /// extension of any other resource, or a resource in the resource group or subscription `parent_id` names.
    static func identity(_ attributes: TerraformValue, type: ResourceType, fallbackName: String) -> ResourceIdentity {
        let name = ResourceIdentity.text(attributes[member: "name"]) ?? fallbackName
        if type == "Microsoft.Resources/resourceGroups" {
            return ResourceIdentity(name: name, id: "\(ResourceIdentity.subscriptionScope)/resourceGroups/\(name)")
        }
        let parent =
            ResourceIdentity.text(attributes[member: "parent_id"]) ?? "\(ResourceIdentity.subscriptionScope)/resourceGroups/{resourceGroup}"
        let parentIsResource = parent.range(of: "/providers/", options: .caseInsensitive) != nil || !parent.hasPrefix("/")
        if type.segments.count > 1, parentIsResource { return ResourceIdentity(child: name, of: parent, type: type) }
        if parentIsResource, parent.hasPrefix("/") {
            return ResourceIdentity(name: name, id: "\(parent)/providers/\(type.name)/\(name)", scopeID: parent)
        }
        return ResourceIdentity(name: name, id: "\(parent)/providers/\(type.name)/\(name)")
    }

    /// The id `azapi_update_resource` patches: `resource_id`, or the one `type`, `name` and `parent_id` give.
    static func updateTarget(_ attributes: TerraformValue) -> String? {
        if let id = ResourceIdentity.text(attributes[member: "resource_id"]) { return id }
        guard let (type, _) = typeAndVersion(attributes), attributes[member: "name"]?.isAbsent == false else { return nil }
        return identity(attributes, type: type, fallbackName: "").id
    }

    /// `location`, `tags`, `identity` and the `body` merged at the top level. A string body (azapi 1.x
    /// `jsonencode(...)`) is decoded; one that is not JSON is reported and left out.
    static func body(
        _ attributes: TerraformValue, into body: Value, at blockLocation: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> Value {
        var body = body
        for key in ["location", "tags"] {
            if let value = attributes[member: key], !value.isAbsent {
                body = body.setting([key], to: value.postureValue(fallback: blockLocation), creatingAt: blockLocation)
            }
        }
        if let identity = attributes[member: "identity"], !identity.isAbsent {
            body = body.setting(
                ["identity"], to: MappingTransform.identity.apply(to: identity, at: blockLocation, roles: [:]), creatingAt: blockLocation)
        }
        guard let content = attributes[member: "body"], !content.isAbsent else { return body }
        let here = content.location ?? blockLocation
        var decoded = content.postureValue(fallback: here)
        if let text = content.stringValue, !content.isSensitive {
            do {
                decoded = Value(json: try JSONReader().read(text), at: here)
            } catch {
                diagnostics.append(
                    Diagnostic(
                        .terraformMapping, .warning, at: here,
                        "expected the azapi body to be an object or a jsonencode(...) string of one: \(error.message); the body is left out"
                    ))
                return body
            }
        }
        if case .unknown = decoded.kind {
            return body.setting(["properties"], to: decoded, creatingAt: here)
        }
        guard decoded.members != nil else {
            diagnostics.append(
                Diagnostic(.terraformMapping, .warning, at: here, "expected the azapi body to be an object; the body is left out"))
            return body
        }
        return body.merging(decoded, creatingAt: here)
    }
}

extension Value {
    /// A decoded JSON value, every part located at `location` (positions in a string's text mean nothing in the file).
    init(json: JSONValue, at location: SourceLocation) {
        switch json.kind {
        case .null: self.init(.null, location: location)
        case .bool(let flag): self.init(.bool(flag), location: location)
        case .integer(let number): self.init(.integer(number), location: location)
        case .double(let number): self.init(.double(number), location: location)
        case .string(let text): self.init(.string(text), location: location)
        case .array(let elements): self.init(.array(elements.map { Value(json: $0, at: location) }), location: location)
        case .object(let members):
            self.init(.object(members.map { Value.Member(key: $0.key, value: Value(json: $0.value, at: location)) }), location: location)
        }
    }
}
