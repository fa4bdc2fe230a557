import LocatedJSON
import SourceModel
import TerraformModel

/// Plan JSON to Terraform values: each value located at its plan line:column; the plan's `after_unknown` and
/// `after_sensitive` (or `sensitive_values`) trees laid over them.
struct PlanValues {
    let file: String

    func location(_ json: JSONValue) -> SourceLocation { SourceLocation(file: file, position: json.position) }

    /// A plan value: arrays become lists and objects objects (the plan does not say which were sets or maps, and the
    /// mappings read them alike). Depth is bounded by the JSON reader's.
    func value(_ json: JSONValue) -> TerraformValue {
        let at = location(json)
        switch json.kind {
        case .null: return TerraformValue(.null, location: at)
        case .bool(let flag): return .bool(flag, at: at)
        case .integer(let number): return .number(Double(number), at: at)
        case .double(let number): return .number(number, at: at)
        case .string(let text): return .string(text, at: at)
        case .array(let elements): return TerraformValue(.list(elements.map(value)), location: at)
        case .object(let members):
            var object: [String: TerraformValue] = [:]
            for member in members { object[member.key] = value(member.value) }
            return .object(object, at: at)
        }
    }
}

extension TerraformValue {
    /// The value with every place `marks` says `true` made unknown ("known after apply"), as a plan's `after_unknown`
    /// says: `true` for the whole value, an object or array of marks for its members or elements. The unknown's
    /// expression is the attribute's address: `azurerm_storage_account.sa.primary_blob_endpoint`.
    func applyingUnknown(_ marks: JSONValue, path: String, at location: SourceLocation?) -> TerraformValue {
        switch marks.kind {
        case .bool(true):
            return .unknown(path, reason: "known after apply", at: self.location ?? location)
        case .object(let members):
            guard case .object(var object) = kind else { return self }
            for member in members {
                let childPath = path + "." + member.key
                if case .bool(true) = member.value.kind {
                    object[member.key] = .unknown(childPath, reason: "known after apply", at: object[member.key]?.location ?? location)
                } else if let child = object[member.key] {
                    object[member.key] = child.applyingUnknown(member.value, path: childPath, at: location)
                }
            }
            return TerraformValue(.object(object), location: self.location, isSensitive: isSensitive)
        case .array(let marksElements):
            guard case .list(var elements) = kind else { return self }
            for (index, mark) in marksElements.enumerated() where index < elements.count {
                elements[index] = elements[index].applyingUnknown(mark, path: "\(path)[\(index)]", at: location)
            }
            return TerraformValue(.list(elements), location: self.location, isSensitive: isSensitive)
        default:
            return self
        }
    }

    /// The value with every place `marks` says `true` marked sensitive, as `after_sensitive` or `sensitive_values`
    /// say; a sensitive attribute the values leave out is not created.
    func applyingSensitive(_ marks: JSONValue) -> TerraformValue {
        switch marks.kind {
        case .bool(true):
            return markedSensitive()
        case .object(let members):
            guard case .object(var object) = kind else { return self }
            for member in members {
                if let child = object[member.key] { object[member.key] = child.applyingSensitive(member.value) }
            }
            return TerraformValue(.object(object), location: location, isSensitive: isSensitive)
        case .array(let marksElements):
            guard case .list(var elements) = kind else { return self }
            for (index, mark) in marksElements.enumerated() where index < elements.count {
                elements[index] = elements[index].applyingSensitive(mark)
            }
            return TerraformValue(.list(elements), location: location, isSensitive: isSensitive)
        default:
            return self
        }
    }
}
