import PostureModel
import SourceModel
import TerraformModel

/// Fills ARM bodies from one instance's attributes, as a type's mapping says.
struct BodyMapper {
    let roles: [String: String]
    /// The block (or plan entry): where values the configuration does not write are located.
    let blockLocation: SourceLocation
    let source: TerraformResourceInstance.Source
    let providerMajorVersion: Int?

    /// `body` with the mapping's fixed values and every attribute of `object` it maps written in.
    func fill(_ body: Value, with mapping: BlockMapping, from object: TerraformValue) -> Value {
        var body = body
        for (path, value) in mapping.set {
            body = body.setting(path, to: value.relocated(to: blockLocation), creatingAt: blockLocation)
        }
        for attribute in mapping.attributes {
            body = fill(body, attribute: attribute, from: object)
        }
        return body
    }

    private func fill(_ body: Value, attribute: AttributeMapping, from object: TerraformValue) -> Value {
        var value = attribute.names.lazy.compactMap { object[member: $0] }.first { !$0.isAbsent }
        if let found = value, found.isUnknown, attribute.computed, source == .plan { value = nil }
        if value == nil, source == .configuration, let fallback = attribute.defaults?.value(forMajor: providerMajorVersion) {
            value = fallback.relocated(to: blockLocation)
        }
        guard let value else {
            guard let absent = attribute.absent else { return body }
            return body.setting(attribute.path, to: absent.relocated(to: blockLocation), creatingAt: blockLocation)
        }
        let here = value.location ?? blockLocation
        if let block = attribute.block {
            // A value of another shape than a block (the configuration is wrong) is left out rather than written
            // over what other attributes of the same block wrote.
            guard let element = value.blockObject else {
                return value.isUnknown ? body.setting(attribute.path, to: value.postureValue(fallback: here), creatingAt: here) : body
            }
            if element.isUnknown { return body.setting(attribute.path, to: element.postureValue(fallback: here), creatingAt: here) }
            let nested = fill(Value(.object([]), location: element.location ?? here), with: block, from: element)
            return body.setting(attribute.path, to: nested, creatingAt: here)
        }
        if let each = attribute.each {
            let elements = value.members != nil ? [value] : value.elements
            guard let elements else { return body.setting(attribute.path, to: value.postureValue(fallback: here), creatingAt: here) }
            let mapped = elements.map { element in
                element.members == nil
                    ? element.postureValue(fallback: here)
                    : fill(Value(.object([]), location: element.location ?? here), with: each, from: element)
            }
            return body.setting(attribute.path, to: Value(.array(mapped), location: here), creatingAt: here)
        }
        return body.setting(attribute.path, to: attribute.transform.apply(to: value, at: here, roles: roles), creatingAt: here)
    }
}
