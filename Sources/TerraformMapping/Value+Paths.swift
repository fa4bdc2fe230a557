import PostureModel
import SourceModel

extension Value {
    /// The same object with `value` written at `path`, intermediate objects created at `location`. Writing an
    /// object where one is merges them member by member; writing an array where one is appends its elements
    /// (two Terraform blocks, `enabled_log` and `log`, fill one ARM array); anything else replaces.
    func setting(_ path: some Collection<String>, to value: Value, creatingAt location: SourceLocation) -> Value {
        guard let key = path.first else { return merging(value, creatingAt: location) }
        var members = self.members ?? []
        let rest = path.dropFirst()
        if let index = members.lastIndex(where: { $0.key.caseInsensitiveEquals(key) }) {
            members[index].value = members[index].value.setting(rest, to: value, creatingAt: location)
        } else {
            let start = rest.isEmpty ? value : Value(.object([]), location: location).setting(rest, to: value, creatingAt: location)
            members.append(Member(key: key, value: start))
        }
        return Value(.object(members), location: self.location ?? location)
    }

    /// `other` written over this value: objects merged, arrays appended, anything else replaced.
    func merging(_ other: Value, creatingAt location: SourceLocation) -> Value {
        switch (kind, other.kind) {
        case (.object, .object(let incoming)):
            var merged = self
            for member in incoming {
                merged = merged.setting([member.key], to: member.value, creatingAt: location)
            }
            return merged
        case (.array(let existing), .array(let incoming)):
            return Value(.array(existing + incoming), location: self.location)
        default:
            return other
        }
    }
}
