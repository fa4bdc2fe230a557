import PostureModel

/// A path into a resource, as Azure Policy writes `field`: `properties.networkAcls.ipRules[*].value`,
/// `tags['cost-center']`, `sku.name`. `[*]` walks every element of an array, or every member value of an
/// object (ARM writes some collections, such as ML outbound rules, as objects keyed by name).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case member(String)
        case everyElement
    }

    public let segments: [Segment]
    public let text: String

    /// Parses a path, or says why it is malformed.
    public static func parse(_ text: String) -> Result<FieldPath, FieldPathError> {
        var segments: [Segment] = []
        var name = ""
        let characters = Array(text)
        var index = 0
        func flush() -> Bool {
            guard !name.isEmpty else { return false }
            segments.append(.member(name))
            name = ""
            return true
        }
        guard !text.isEmpty else { return .failure(FieldPathError(text: text, reason: "the path is empty")) }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case ".":
                let afterBracket = index > 0 && characters[index - 1] == "]"
                if !flush(), !afterBracket {
                    return .failure(FieldPathError(text: text, reason: "empty segment before '.' at offset \(index)"))
                }
            case "[":
                if !name.isEmpty { _ = flush() }
                guard let close = characters[index...].firstIndex(of: "]") else {
                    return .failure(FieldPathError(text: text, reason: "'[' at offset \(index) is not closed"))
                }
                let inside = String(characters[(index + 1)..<close])
                if inside == "*" {
                    segments.append(.everyElement)
                } else if inside.count >= 2, inside.first == "'", inside.last == "'" {
                    segments.append(.member(String(inside.dropFirst().dropLast())))
                } else {
                    return .failure(FieldPathError(text: text, reason: "expected [*] or ['name'], found [\(inside)]"))
                }
                index = close
            case "]", " ", "*":
                return .failure(FieldPathError(text: text, reason: "unexpected '\(character)' at offset \(index)"))
            default:
                name.append(character)
            }
            index += 1
        }
        if characters.last == "." { return .failure(FieldPathError(text: text, reason: "the path ends with '.'")) }
        _ = flush()
        return .success(FieldPath(segments: segments, text: text))
    }

    public var description: String { text }

    /// True when this path walks into the elements of `prefix` (a path ending in `[*]`): inside a `count`,
    /// such paths refer to the element being counted.
    func relative(to prefix: FieldPath) -> FieldPath? {
        guard segments.count >= prefix.segments.count else { return nil }
        for (mine, theirs) in zip(segments, prefix.segments) {
            switch (mine, theirs) {
            case (.everyElement, .everyElement): continue
            case (.member(let a), .member(let b)) where a.caseInsensitiveEquals(b): continue
            default: return nil
            }
        }
        let rest = Array(segments.dropFirst(prefix.segments.count))
        return FieldPath(segments: rest, text: text)
    }
}

public struct FieldPathError: Error, Sendable, Hashable {
    public var text: String
    public var reason: String
}

/// What a path finds in a value.
enum Resolution {
    /// The values found (several when the path has `[*]`); an absent member contributes nil.
    case values([Value?])
    /// The path crosses a value the input does not know.
    case unknown(Value)
}

extension FieldPath {
    /// - Parameter unknownLeaves: keep unknown final values instead of answering `.unknown`, for `count`,
    ///   where an element whose value is unknown still exists.
    func resolve(in root: Value, unknownLeaves: Bool = false) -> Resolution {
        var current: [Value?] = [root]
        for segment in segments {
            var next: [Value?] = []
            for value in current {
                guard let value else { next.append(nil); continue }
                if value.isUnknown { return .unknown(value) }
                switch segment {
                case .member(let name):
                    next.append(value[member: name])
                case .everyElement:
                    if let elements = value.elements {
                        next += elements.map(Optional.some)
                    } else if let members = value.members {
                        next += members.map { Optional.some($0.value) }
                    } else {
                        next.append(nil)
                    }
                }
            }
            current = next
        }
        if !unknownLeaves, let unknown = current.lazy.compactMap({ $0 }).first(where: \.isUnknown) { return .unknown(unknown) }
        return .values(current)
    }
}
