public import PostureModel
public import SourceModel

/// A Terraform value as the language sees it (cty's model): a primitive, a collection with its kind kept (list,
/// set, map), a structural value (tuple, object), null, or an explicit *unknown* for what only `apply` will know.
///
/// Equality and hashing are Terraform's: they compare what a value is, never where it was written or whether it
/// is marked sensitive. `toset(["a", "a"])` has one element however many places wrote `"a"`.
public struct TerraformValue: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        /// Terraform numbers are arbitrary precision; a scanner needs what configurations write, which a double
        /// holds exactly up to 2^53.
        case number(Double)
        case string(String)
        /// A list: what `tolist()`, a list-typed variable or a repeated nested block gives.
        case list([TerraformValue])
        /// A set: elements unique and in Terraform's order (see `TerraformValue.setOrdered`).
        case set([TerraformValue])
        /// What `[a, b]` builds: elements of any types.
        case tuple([TerraformValue])
        /// A map: what `tomap()` or a map-typed variable gives. Iterated in key order, as Terraform does.
        case map([String: TerraformValue])
        /// What `{ a = 1 }` builds, and what resources, modules and `var` are.
        case object([String: TerraformValue])
        /// Known only after apply (a computed attribute, a data source, a `random_*` result), or not knowable
        /// here (a side-effect function, an input with no value). The expression and the reason say which.
        case unknown(Unknown)
    }

    public var kind: Kind
    /// Where the value was written: the expression that produced it, or the block of the resource it came from.
    public var location: SourceLocation?
    /// Marked sensitive (`sensitive = true`, `sensitive()`, a plan's `after_sensitive`): never printed.
    public var isSensitive: Bool
    /// For an object that stands for a resource or data source instance: why an attribute it does not hold is
    /// unknown rather than missing (`known after apply`; the provider's schema, which would list them, is not read).
    /// It travels with the object through functions (`one(random_uuid.x).result`), and equality ignores it.
    public var unwrittenAttributesReason: String?

    public init(_ kind: Kind, location: SourceLocation? = nil, isSensitive: Bool = false) {
        self.kind = kind
        self.location = location
        self.isSensitive = isSensitive
        self.unwrittenAttributesReason = nil
    }

    public static func == (lhs: TerraformValue, rhs: TerraformValue) -> Bool { lhs.kind == rhs.kind }

    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

extension TerraformValue {
    public static let null = TerraformValue(.null)

    public static func string(_ text: String, at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.string(text), location: location)
    }

    public static func number(_ number: Double, at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.number(number), location: location)
    }

    public static func bool(_ flag: Bool, at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.bool(flag), location: location)
    }

    public static func unknown(_ expression: String, reason: String, at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.unknown(Unknown(expression: expression, reason: reason)), location: location)
    }

    public static func object(_ attributes: [String: TerraformValue], at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.object(attributes), location: location)
    }

    public static func tuple(_ elements: [TerraformValue], at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.tuple(elements), location: location)
    }

    /// A set of `elements`: duplicates removed, in Terraform's order.
    public static func set(_ elements: [TerraformValue], at location: SourceLocation? = nil) -> TerraformValue {
        TerraformValue(.set(setOrdered(elements)), location: location)
    }

    /// Elements unique and ordered as Terraform orders a set: numbers ascending, then strings in byte order,
    /// then everything else in a stable order of its rendering (Terraform orders those by hash, which nothing
    /// may rely on).
    public static func setOrdered(_ elements: [TerraformValue]) -> [TerraformValue] {
        var seen: Set<TerraformValue> = []
        let unique = elements.filter { seen.insert($0).inserted }
        return unique.sorted { lhs, rhs in
            switch (lhs.kind, rhs.kind) {
            case (.number(let left), .number(let right)): return left < right
            case (.number, _): return true
            case (_, .number): return false
            case (.string(let left), .string(let right)): return Array(left.utf8).lexicographicallyPrecedes(right.utf8)
            case (.string, _): return true
            case (_, .string): return false
            default: return lhs.rendered < rhs.rendered
            }
        }
    }
}

extension TerraformValue {
    /// Unknown itself, or anything inside it unknown.
    public var containsUnknown: Bool {
        switch kind {
        case .unknown: true
        case .list(let elements), .set(let elements), .tuple(let elements): elements.contains { $0.containsUnknown }
        case .map(let members), .object(let members): members.values.contains { $0.containsUnknown }
        default: false
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
        if case .number(let number) = kind { return number }
        return nil
    }

    /// The elements of a list, set or tuple.
    public var elements: [TerraformValue]? {
        switch kind {
        case .list(let elements), .set(let elements), .tuple(let elements): elements
        default: nil
        }
    }

    /// The members of a map or object.
    public var members: [String: TerraformValue]? {
        switch kind {
        case .map(let members), .object(let members): members
        default: nil
        }
    }

    /// An attribute of an object or an element of a map.
    public subscript(member name: String) -> TerraformValue? { members?[name] }

    /// The same value with `location` wherever it, or anything inside it, has none: computed values point at
    /// the expression that computed them.
    public func locating(missingAt location: SourceLocation?) -> TerraformValue {
        var copy = self
        if copy.location == nil { copy.location = location }
        switch kind {
        case .list(let elements): copy.kind = .list(elements.map { $0.locating(missingAt: location) })
        case .set(let elements): copy.kind = .set(elements.map { $0.locating(missingAt: location) })
        case .tuple(let elements): copy.kind = .tuple(elements.map { $0.locating(missingAt: location) })
        case .map(let members): copy.kind = .map(members.mapValues { $0.locating(missingAt: location) })
        case .object(let members): copy.kind = .object(members.mapValues { $0.locating(missingAt: location) })
        default: break
        }
        return copy
    }

    /// The same value with every location, nested ones included, set to `location`: for values whose own positions
    /// mean nothing where they are used (a default written in a mapping file, located at the block that left the
    /// attribute out).
    public func relocated(to location: SourceLocation?) -> TerraformValue {
        var copy = self
        copy.location = location
        switch kind {
        case .list(let elements): copy.kind = .list(elements.map { $0.relocated(to: location) })
        case .set(let elements): copy.kind = .set(elements.map { $0.relocated(to: location) })
        case .tuple(let elements): copy.kind = .tuple(elements.map { $0.relocated(to: location) })
        case .map(let members): copy.kind = .map(members.mapValues { $0.relocated(to: location) })
        case .object(let members): copy.kind = .object(members.mapValues { $0.relocated(to: location) })
        default: break
        }
        return copy
    }

    /// The same value marked sensitive, nested values included.
    public func markedSensitive() -> TerraformValue {
        var copy = self
        copy.isSensitive = true
        switch kind {
        case .list(let elements): copy.kind = .list(elements.map { $0.markedSensitive() })
        case .set(let elements): copy.kind = .set(elements.map { $0.markedSensitive() })
        case .tuple(let elements): copy.kind = .tuple(elements.map { $0.markedSensitive() })
        case .map(let members): copy.kind = .map(members.mapValues { $0.markedSensitive() })
        case .object(let members): copy.kind = .object(members.mapValues { $0.markedSensitive() })
        default: break
        }
        return copy
    }
}
