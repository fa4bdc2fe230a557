import PostureModel
import SourceModel
import TerraformModel

extension MappingTransform {
    /// The ARM value of `value`. Unknowns stay unknown; a value of a shape the transform does not take is kept as
    /// written, so a rule still sees what the configuration says. A sensitive value is transformed, then redacted.
    func apply(to value: TerraformValue, at fallback: SourceLocation, roles: [String: String]) -> Value {
        let here = value.location ?? fallback
        if value.isUnknown { return value.postureValue(fallback: here) }
        if value.isSensitive {
            var plain = value
            plain.isSensitive = false
            if case .present = self { return apply(to: plain, at: fallback, roles: roles) }
            return Value(.string(TerraformValue.redacted), location: here)
        }
        switch self {
        case .copy: return value.postureValue(fallback: here)
        case .enabledDisabled, .enabledDisabledLower:
            guard let flag = value.boolValue else { return value.postureValue(fallback: here) }
            let text = flag ? "Enabled" : "Disabled"
            return Value(.string(self == .enabledDisabled ? text : text.lowercased()), location: here)
        case .negate:
            guard let flag = value.boolValue else { return value.postureValue(fallback: here) }
            return Value(.bool(!flag), location: here)
        case .listToObjects(let key):
            guard let elements = value.elements else { return value.postureValue(fallback: here) }
            return Value(
                .array(
                    elements.map {
                        Value(.object([Value.Member(key: key, value: $0.postureValue(fallback: here))]), location: $0.location ?? here)
                    }),
                location: here)
        case .keyVaultKeyURL: return Self.keyVaultKey(value, at: here)
        case .identity: return Self.identity(value, at: here)
        case .joinComma:
            guard let elements = value.elements else { return value.postureValue(fallback: here) }
            if elements.contains(where: \.isUnknown) {
                return Value.unknown(
                    elements.map(\.rendered).joined(separator: ", "), reason: "an element is known only after apply", at: here)
            }
            return Value(.string(elements.compactMap(\.stringValue).joined(separator: ", ")), location: here)
        case .present(let text): return Value(.string(text), location: here)
        case .roleDefinition:
            guard let name = value.stringValue else { return value.postureValue(fallback: here) }
            guard let guid = roles[name.lowercased()] else {
                return Value.unknown(
                    "role_definition_name = \"\(name)\"", reason: "not a built-in role the Terraform mapping knows the id of", at: here)
            }
            return Value(.string("/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/\(guid)"), location: here)
        case .privateServiceConnection: return Self.privateServiceConnection(value, at: here)
        case .idObject: return Value(.object([Value.Member(key: "id", value: value.postureValue(fallback: here))]), location: here)
        }
    }

    /// `https://vault.vault.azure.net/keys/name/version` to `{ keyVaultUri, keyName, keyVersion }`. A versionless
    /// URL has no `keyVersion`; text that is not a key URL is kept as `keyName`-less `keyVaultUri`.
    private static func keyVaultKey(_ value: TerraformValue, at here: SourceLocation) -> Value {
        guard let url = value.stringValue else { return value.postureValue(fallback: here) }
        let parts = url.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // ["https:", "", "host", "keys", name, version?]
        guard parts.count >= 5, parts[0].lowercased().hasPrefix("http"), parts[3].caseInsensitiveEquals("keys") else {
            return Value(.object([Value.Member(key: "keyVaultUri", value: Value(.string(url), location: here))]), location: here)
        }
        var members = [
            Value.Member(key: "keyVaultUri", value: Value(.string("\(parts[0])//\(parts[2])/"), location: here)),
            Value.Member(key: "keyName", value: Value(.string(parts[4]), location: here)),
        ]
        if parts.count >= 6, !parts[5].isEmpty {
            members.append(Value.Member(key: "keyVersion", value: Value(.string(parts[5]), location: here)))
        }
        return Value(.object(members), location: here)
    }

    /// `identity { type = "SystemAssigned, UserAssigned", identity_ids = [id] }` to ARM's identity.
    private static func identity(_ value: TerraformValue, at here: SourceLocation) -> Value {
        guard let block = value.blockObject else { return value.postureValue(fallback: here) }
        if block.isUnknown { return block.postureValue(fallback: here) }
        var members: [Value.Member] = []
        if let type = block[member: "type"], !type.isNull {
            members.append(Value.Member(key: "type", value: type.postureValue(fallback: block.location ?? here)))
        }
        if let ids = block[member: "identity_ids"], !ids.isAbsent {
            let idsHere = ids.location ?? here
            if let elements = ids.elements {
                let entries = elements.map { id in
                    Value.Member(key: id.stringValue ?? id.rendered, value: Value(.object([]), location: id.location ?? idsHere))
                }
                members.append(Value.Member(key: "userAssignedIdentities", value: Value(.object(entries), location: idsHere)))
            } else {
                members.append(Value.Member(key: "userAssignedIdentities", value: ids.postureValue(fallback: idsHere)))
            }
        }
        return Value(.object(members), location: here)
    }

    /// `private_service_connection { name, private_connection_resource_id, subresource_names, is_manual_connection }`
    /// to `{ privateLinkServiceConnections: [{ name, properties: { privateLinkServiceId, groupIds, requestMessage } }] }`.
    private static func privateServiceConnection(_ value: TerraformValue, at here: SourceLocation) -> Value {
        let blocks = value.members != nil ? [value] : (value.elements ?? [])
        var automatic: [Value] = []
        var manual: [Value] = []
        for block in blocks {
            let blockHere = block.location ?? here
            guard block.members != nil else {
                automatic.append(block.postureValue(fallback: blockHere))
                continue
            }
            var properties: [Value.Member] = []
            let names = [
                ("private_connection_resource_id", "privateLinkServiceId"), ("subresource_names", "groupIds"),
                ("request_message", "requestMessage"),
            ]
            for (from, to) in names {
                if let item = block[member: from], !item.isNull {
                    properties.append(Value.Member(key: to, value: item.postureValue(fallback: blockHere)))
                }
            }
            var connection: [Value.Member] = []
            if let name = block[member: "name"], !name.isNull {
                connection.append(Value.Member(key: "name", value: name.postureValue(fallback: blockHere)))
            }
            connection.append(Value.Member(key: "properties", value: Value(.object(properties), location: blockHere)))
            let element = Value(.object(connection), location: blockHere)
            if block[member: "is_manual_connection"]?.boolValue == true { manual.append(element) } else { automatic.append(element) }
        }
        var members: [Value.Member] = []
        if !automatic.isEmpty {
            members.append(Value.Member(key: "privateLinkServiceConnections", value: Value(.array(automatic), location: here)))
        }
        if !manual.isEmpty {
            members.append(Value.Member(key: "manualPrivateLinkServiceConnections", value: Value(.array(manual), location: here)))
        }
        return Value(.object(members), location: here)
    }
}
