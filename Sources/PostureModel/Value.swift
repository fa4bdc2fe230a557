public import SourceModel

/// A configuration value as a rule sees it: JSON, or an explicit *unknown* when the input cannot tell what
/// will be deployed (a runtime-only function, a parameter with no value, an expression not evaluated yet).
///
/// Values carry the source location they came from, so a finding can point at the exact property.
public struct Value: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string(String)
        case array([Value])
        case object([Member])
        case unknown(Unknown)
    }

    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: Value

        public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }
    }

    public var kind: Kind
    public var location: SourceLocation?

    public init(_ kind: Kind, location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }
}

/// Why a value is not known before deployment, with the expression text that produced it.
public struct Unknown: Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    public var reason: String

    public init(expression: String, reason: String) {
        self.expression = expression
        self.reason = reason
    }

    public var description: String { "\(expression) (\(reason))" }
}

extension Value {
    public static let null = Value(.null)

    public static func string(_ text: String, at location: SourceLocation? = nil) -> Value {
        Value(.string(text), location: location)
    }

    public static func unknown(_ expression: String, reason: String, at location: SourceLocation? = nil) -> Value {
        Value(.unknown(Unknown(expression: expression, reason: reason)), location: location)
    }

    /// The same value with every location, nested ones included, set to `location`: for values computed from
    /// text whose own positions mean nothing in the file (the argument of `json()`).
    public func relocated(to location: SourceLocation?) -> Value {
        switch kind {
        case .array(let elements): Value(.array(elements.map { $0.relocated(to: location) }), location: location)
        case .object(let members):
            Value(.object(members.map { Member(key: $0.key, value: $0.value.relocated(to: location)) }), location: location)
        default: Value(kind, location: location)
        }
    }

    /// The same value with `location` wherever it, or anything inside it, has none: computed values point at
    /// the expression that computed them.
    public func locating(missingAt location: SourceLocation?) -> Value {
        var copy = self
        if copy.location == nil { copy.location = location }
        switch kind {
        case .array(let elements): copy.kind = .array(elements.map { $0.locating(missingAt: location) })
        case .object(let members): copy.kind = .object(members.map { Member(key: $0.key, value: $0.value.locating(missingAt: location)) })
        default: break
        }
        return copy
    }

    /// Members whose names say they hold a secret (`secretText`, `password`, `connectionString`, `primaryKey`…).
    public static let secretMemberNames: Set<String> = [
        "secrettext", "secret", "password", "adminpassword", "clientsecret", "connectionstring", "primarykey",
        "secondarykey", "key1", "key2", "accountkey", "sastoken", "primaryconnectionstring", "secondaryconnectionstring",
    ]

    /// The same value with every member that names a secret replaced by `"<redacted>"`: what reports may show
    /// of a value read from live or third-party input.
    public func redactingSecrets() -> Value {
        switch kind {
        case .array(let elements): return Value(.array(elements.map { $0.redactingSecrets() }), location: location)
        case .object(let members):
            return Value(.object(members.map { member in
                Value.Member(key: member.key, value: Self.secretMemberNames.contains(member.key.lowercased())
                    ? Value(.string("<redacted>"), location: member.value.location)
                    : member.value.redactingSecrets())
            }), location: location)
        default: return self
        }
    }

    public var isUnknown: Bool {
        if case .unknown = kind { return true }
        return false
    }

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    public var stringValue: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = kind { return flag }
        return nil
    }

    public var numberValue: Double? {
        switch kind {
        case .integer(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    public var elements: [Value]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    public var members: [Member]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var unknown: Unknown? {
        if case .unknown(let unknown) = kind { return unknown }
        return nil
    }

    /// The last member named `key`, compared case-insensitively as Azure does.
    public subscript(member key: String) -> Value? {
        members?.last { $0.key.caseInsensitiveEquals(key) }?.value
    }

    /// Deep equality with the caller's rule for scalars: arrays element by element, objects member by member
    /// with keys compared case-insensitively (as Azure compares them), in any order.
    public func deepEquals(_ other: Value, scalarsEqual: (Value, Value) -> Bool) -> Bool {
        switch (kind, other.kind) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.deepEquals($1, scalarsEqual: scalarsEqual) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { member in
                b.contains { $0.key.caseInsensitiveEquals(member.key) && member.value.deepEquals($0.value, scalarsEqual: scalarsEqual) }
            }
        case (.array, _), (_, .array), (.object, _), (_, .object):
            return false
        default:
            return scalarsEqual(self, other)
        }
    }

    /// True when the value or anything inside it is unknown.
    public var containsUnknown: Bool {
        switch kind {
        case .unknown: true
        case .array(let elements): elements.contains { $0.containsUnknown }
        case .object(let members): members.contains { $0.value.containsUnknown }
        default: false
        }
    }
}
