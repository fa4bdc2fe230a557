package import PostureModel

/// Encodes a configuration value as plain JSON. An unknown value becomes
/// `{"$unknown": "<expression>", "reason": "..."}` so consumers can tell it from a real object. Package access:
/// `ReportBenchmark`'s Foundation reference encodes values with it too.
package struct EncodableValue: Encodable {
    let value: Value

    package init(_ value: Value) {
        self.value = value
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package func encode(to encoder: any Encoder) throws {
        switch value.kind {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .double(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(EncodableValue(element)) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for member in members { try container.encode(EncodableValue(member.value), forKey: Key(stringValue: member.key)) }
        case .unknown(let unknown):
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(unknown.expression, forKey: Key(stringValue: "$unknown"))
            try container.encode(unknown.reason, forKey: Key(stringValue: "reason"))
        }
    }
}
