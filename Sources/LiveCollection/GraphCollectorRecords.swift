import LocatedJSON
import PostureModel

/// Graph objects as snapshot records: `{"id", "type": "Microsoft.Graph/<collection>", "name", "properties"}`, the
/// object under `properties` exactly as Graph returned it.
enum GraphRecords {
    /// The records of one endpoint's objects, and a line for each object that could not be one.
    static func records(_ objects: [JSONValue], endpoint: GraphEndpoint) -> (records: [Value], problems: [String]) {
        var records: [Value] = []
        var problems: [String] = []
        for (index, object) in objects.enumerated() {
            switch endpoint.shape {
            case .list:
                guard object.members != nil else {
                    problems.append("object \(index + 1) is \(object.kindDescription), not an object")
                    continue
                }
                records.append(record(object, type: endpoint.type))
            case .object:
                guard let members = object.members else { continue }
                // The envelope's `@odata.context` annotations describe the response, not the object.
                let kept = members.filter { !$0.key.hasSuffix("@odata.context") }
                records.append(record(JSONValue(.object(kept), at: object.position), type: endpoint.type))
            case .policyAssignments:
                guard let policy = object[member: "policy"], var members = policy.members else {
                    problems.append("policy assignment \(index + 1) has no expanded `policy`")
                    continue
                }
                var name: String?
                if let roleDefinitionID = object[member: "roleDefinitionId"] {
                    members.removeAll { $0.key == "roleDefinitionId" }
                    members.append(JSONMember(key: "roleDefinitionId", keyPosition: roleDefinitionID.position, value: roleDefinitionID))
                    // Every such policy is called "Directory Role": its role tells them apart in a report.
                    name = roleDefinitionID.stringValue.map { "PIM policy of directory role \($0)" }
                }
                records.append(record(JSONValue(.object(members), at: policy.position), type: endpoint.type, name: name))
            }
        }
        return (records, problems)
    }

    static func record(_ object: JSONValue, type: String, name: String? = nil) -> Value {
        let id = object[member: "id"]?.stringValue ?? type.split(separator: "/").last.map(String.init) ?? type
        let name = name ?? object[member: "displayName"]?.stringValue ?? id
        return Value(
            .object([
                Value.Member(key: "id", value: .string(id)),
                Value.Member(key: "type", value: .string(type)),
                Value.Member(key: "name", value: .string(name)),
                Value.Member(key: "properties", value: Value(json: object)),
            ]))
    }

    /// The record's sort key: type, then id.
    static func sortKey(_ record: Value) -> (String, String) {
        (record[member: "type"]?.stringValue ?? "", record[member: "id"]?.stringValue ?? "")
    }
}
