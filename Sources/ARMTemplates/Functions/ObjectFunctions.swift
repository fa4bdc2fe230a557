import LocatedJSON
import PostureModel

/// Object functions of ARM templates. `contains`, `intersection`, `union`, `items` and `tryGet` live with the array
/// functions; `json` and `null` with the logical functions.
enum ObjectFunctions {
    static let all: [String: PureFunction] = [
        "createobject": { arguments throws(FunctionError) in
            guard arguments.count.isMultiple(of: 2) else {
                throw FunctionError(
                    "createObject() takes pairs of key and value, got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
            }
            var members: [Value.Member] = []
            for position in stride(from: 0, to: arguments.count, by: 2) {
                let key = try arguments.string(position)
                guard !members.contains(where: { $0.key.caseInsensitiveEquals(key) }) else {
                    throw FunctionError("createObject() was given the key '\(key)' twice; keys are case-insensitive")
                }
                members.append(.init(key: key, value: arguments[position + 1]))
            }
            return Value(.object(members))
        },
        "objectkeys": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return Value(.array(try arguments.object(0).map { .string($0.key) }))
        },
        "shallowmerge": { arguments throws(FunctionError) in
            try arguments.expect(1)
            var merged: [Value.Member] = []
            for (position, element) in try arguments.array(0).enumerated() {
                if element.isUnknown { return arguments.unknown("a merged object is known only at deployment") }
                guard let members = element.members else {
                    throw FunctionError("shallowMerge() expects an array of objects, but element \(position) is \(element.kindName)")
                }
                for member in members {
                    if let existing = merged.firstIndex(where: { $0.key.caseInsensitiveEquals(member.key) }) {
                        merged[existing].value = member.value
                    } else {
                        merged.append(member)
                    }
                }
            }
            return Value(.object(merged))
        },
    ]
}
