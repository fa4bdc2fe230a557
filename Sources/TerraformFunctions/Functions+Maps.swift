import TerraformModel

/// The functions over maps, objects and sets: `keys lookup matchkeys merge setintersection setproduct setsubtract
/// setunion transpose values zipmap`.
enum MapFunctions {
    private static func sortedKeys(_ members: [String: TerraformValue]) -> [String] {
        members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
    }

    /// Keys in lexical order: a list for a map, a tuple for an object.
    static func keys(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let members = arguments[0].members else { throw arguments.invalid(0, "must have map or object type") }
        let keys = sortedKeys(members).map { TerraformValue.string($0) }
        if case .object = arguments[0].kind { return .tuple(keys) }
        return TerraformValue(.list(keys))
    }

    /// Values in the order of their keys: a list for a map, a tuple for an object.
    static func values(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let members = arguments[0].members else { throw arguments.invalid(0, "values() requires a map as the first argument") }
        let values = sortedKeys(members).compactMap { members[$0] }
        if case .object = arguments[0].kind { return .tuple(values) }
        return TerraformValue(.list(values))
    }

    /// `lookup(map, key, default)`: the element, else the default; with no default a missing key is an error.
    static func lookup(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let collection = arguments[0]
        let key = arguments[1]
        guard !collection.isUnknown, !key.isUnknown else {
            let reason = (collection.firstUnknown ?? key.firstUnknown)?.reason ?? ""
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: reason)
        }
        guard let members = collection.members else { throw arguments.invalid(0, "lookup() requires a map as the first argument") }
        let name = try arguments.string(1)
        if let found = members[name] { return found }
        guard arguments.count == 3 else {
            throw arguments.failed("lookup failed to find key \(key.isSensitive ? "(sensitive value)" : "\"\(name)\"")")
        }
        let fallback = arguments[2]
        if case .map = collection.kind, let element = members.values.first, !fallback.isNull {
            let elementType = TypeUnification.type(of: element)
            do { return try fallback.converted(to: elementType) } catch {
                throw arguments.invalid(2, "the default value must have the same type as the map elements")
            }
        }
        return fallback
    }

    static func matchKeys(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let values = try arguments.sequence(0)
        let keys = try arguments.sequence(1)
        let searchSet = try arguments.sequence(2)
        guard values.count == keys.count else { throw arguments.failed("length of keys and values should be equal") }
        guard let unified = TypeUnification.unified(keys + searchSet) else {
            throw arguments.invalid("keys and searchset must be of the same type")
        }
        let search = Set(unified.dropFirst(keys.count))
        let kept = zip(values, unified.prefix(keys.count)).filter { search.contains($0.1) }.map(\.0)
        return TerraformValue(.list(kept))
    }

    /// Later arguments win; nulls are skipped. Maps whose elements share a type give a map, anything else an object.
    static func merge(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var merged: [String: TerraformValue] = [:]
        var allMaps = true
        for (index, value) in arguments.values.enumerated() where !value.isNull {
            switch value.kind {
            case .map(let members): merged.merge(members) { _, later in later }
            case .object(let members):
                merged.merge(members) { _, later in later }
                allMaps = false
            default: throw arguments.invalid(index, "arguments must be maps or objects, got \"\(value.typeName)\"")
            }
        }
        let keys = sortedKeys(merged)
        if allMaps, let unified = TypeUnification.unified(keys.compactMap { merged[$0] }) {
            return TerraformValue(.map(Dictionary(uniqueKeysWithValues: zip(keys, unified))))
        }
        return .object(merged)
    }

    /// The arguments as sets of one element type.
    private static func sets(_ arguments: Arguments) throws(TerraformFunctionError) -> [[TerraformValue]] {
        var all: [TerraformValue] = []
        var counts: [Int] = []
        for index in 0..<arguments.count {
            guard let elements = arguments[index].elements else { throw arguments.invalid(index, "a set or a list is required") }
            all += elements
            counts.append(elements.count)
        }
        guard let unified = TypeUnification.unified(all) else {
            throw arguments.invalid("given sets must all have compatible element types")
        }
        var sets: [[TerraformValue]] = []
        var start = 0
        for count in counts {
            sets.append(TerraformValue.setOrdered(Array(unified[start..<start + count])))
            start += count
        }
        return sets
    }

    static func setIntersection(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let sets = try sets(arguments)
        let rest = sets.dropFirst().map(Set.init)
        return .set((sets.first ?? []).filter { element in rest.allSatisfy { $0.contains(element) } })
    }

    static func setSubtract(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let sets = try sets(arguments)
        let removed = Set(sets.count > 1 ? sets[1] : [])
        return .set((sets.first ?? []).filter { !removed.contains($0) })
    }

    static func setUnion(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .set(try sets(arguments).flatMap { $0 })
    }

    /// Every combination of one element from each argument, as tuples: a set when every argument is a set, else a list.
    static func setProduct(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard arguments.count >= 2 else { throw arguments.invalid("at least two arguments are required") }
        var collections: [[TerraformValue]] = []
        var allSets = true
        for index in 0..<arguments.count {
            switch arguments[index].kind {
            case .set(let elements): collections.append(elements)
            case .list(let elements), .tuple(let elements):
                allSets = false
                collections.append(elements)
            default: throw arguments.invalid(index, "a set or a list is required")
            }
        }
        let total = collections.reduce(1) { product, collection in
            let (next, overflow) = product.multipliedReportingOverflow(by: collection.count)
            return overflow ? Int.max : next
        }
        guard total <= 10_000 else { throw arguments.failed("the product has \(total) elements; at most 10000 are computed here") }
        var product: [[TerraformValue]] = [[]]
        for collection in collections {
            product = product.flatMap { prefix in collection.map { prefix + [$0] } }
        }
        let tuples = product.map { TerraformValue.tuple($0) }
        return allSets ? .set(tuples) : TerraformValue(.list(tuples))
    }

    /// `transpose({a = ["1", "2"], b = ["2"]})` is `{"1" = ["a"], "2" = ["a", "b"]}`.
    static func transpose(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let members = try arguments.members(0)
        var result: [String: [TerraformValue]] = [:]
        for key in sortedKeys(members) {
            guard let value = members[key], !value.isNull else { throw arguments.failed("input must not contain null list") }
            guard let elements = value.elements else { throw arguments.invalid(0, "input must be a map of lists of strings") }
            for element in elements {
                guard !element.isNull else { throw arguments.failed("input list must not contain null string") }
                guard let text = try? element.convertedWritingNumbers(to: .string).stringValue else {
                    throw arguments.invalid(0, "input must be a map of lists of strings")
                }
                result[text, default: []].append(.string(key))
            }
        }
        return TerraformValue(.map(result.mapValues { TerraformValue(.list($0)) }))
    }

    /// `zipmap(keys, values)`: a map when the values are a list, an object when they are a tuple.
    static func zipMap(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let keys = try arguments.sequence(0)
        guard case .list(let values) = arguments[1].kind.listOrTuple else {
            throw arguments.invalid(1, "values argument must be a list or tuple value")
        }
        guard keys.count == values.count else {
            throw arguments.failed("number of keys (\(keys.count)) does not match number of values (\(values.count))")
        }
        var result: [String: TerraformValue] = [:]
        for (index, key) in keys.enumerated() {
            guard !key.isNull else { throw arguments.failed("keys list has null value at index \(index)") }
            guard let name = try? key.convertedWritingNumbers(to: .string).stringValue else {
                throw arguments.invalid(0, "element \(index): string required, got \(key.typeName)")
            }
            result[name] = values[index]
        }
        if case .tuple = arguments[1].kind { return .object(result) }
        return TerraformValue(.map(result))
    }
}
