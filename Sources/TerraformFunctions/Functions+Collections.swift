import PostureModel
import TerraformModel

/// The functions over lists, sets and tuples: `alltrue anytrue chunklist coalesce coalescelist compact concat contains
/// distinct element flatten index length one range reverse slice sort sum`.
enum CollectionFunctions {
    static func allTrue(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        for element in try bools(arguments) where element != true { return .bool(false) }
        return .bool(true)
    }

    static func anyTrue(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .bool(try bools(arguments).contains(true))
    }

    /// The elements as `list(bool)` converts them; nil for a null element.
    private static func bools(_ arguments: Arguments) throws(TerraformFunctionError) -> [Bool?] {
        var flags: [Bool?] = []
        for (position, element) in try arguments.sequence(0).enumerated() {
            do { flags.append(try element.converted(to: .bool).boolValue) } catch {
                throw arguments.invalid(0, "element \(position): \(error.message)")
            }
        }
        return flags
    }

    static func chunkList(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let elements = try listElements(arguments, 0)
        let size = try arguments.integer(1)
        guard size >= 0 else { throw arguments.invalid(1, "the size argument must be positive") }
        guard size > 0, !elements.isEmpty else { return TerraformValue(.list(elements.isEmpty ? [] : [TerraformValue(.list(elements))])) }
        let chunks = stride(from: 0, to: elements.count, by: size).map { start in
            TerraformValue(.list(Array(elements[start..<min(start + size, elements.count)])))
        }
        return TerraformValue(.list(chunks))
    }

    /// The first argument that is neither null nor an empty string, all converted to one type.
    static func coalesce(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let values = TypeUnification.unified(arguments.values) else {
            throw arguments.invalid("all arguments must have the same type")
        }
        for value in values {
            if value.isUnknown {
                return .unknown(
                    TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: value.firstUnknown?.reason ?? "")
            }
            if value.isNull || value.stringValue == "" { continue }
            return value
        }
        throw arguments.failed("no non-null, non-empty-string arguments")
    }

    static func coalesceList(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard arguments.count > 0 else { throw arguments.invalid("at least one argument is required") }
        for (index, value) in arguments.values.enumerated() {
            if value.isNull { continue }
            if value.isUnknown {
                return .unknown(
                    TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: value.firstUnknown?.reason ?? "")
            }
            guard case .list(let elements) = value.kind.listOrTuple else {
                throw arguments.invalid(index, "coalescelist arguments must be lists or tuples")
            }
            if !elements.isEmpty { return value }
        }
        throw arguments.failed("no non-null arguments")
    }

    static func compact(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var kept: [TerraformValue] = []
        for (position, element) in try arguments.sequence(0).enumerated() where !element.isNull {
            do {
                let text = try element.convertedWritingNumbers(to: .string)
                if text.stringValue != "" { kept.append(text) }
            } catch { throw arguments.invalid(0, "element \(position): \(error.message)") }
        }
        return TerraformValue(.list(kept))
    }

    static func concat(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard arguments.count > 0 else { throw arguments.invalid("at least one argument is required") }
        var elements: [TerraformValue] = []
        var allLists = true
        for (index, value) in arguments.values.enumerated() {
            switch value.kind {
            case .list(let items): elements += items
            case .tuple(let items):
                elements += items
                allLists = false
            default: throw arguments.invalid(index, "all arguments must be lists or tuples; got \(value.typeName)")
            }
        }
        if allLists, let unified = TypeUnification.unified(elements) { return TerraformValue(.list(unified)) }
        return .tuple(elements)
    }

    static func contains(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let elements = arguments[0].elements else { throw arguments.invalid(0, "argument must be list, tuple, or set") }
        return .bool(elements.contains { equal($0, arguments[1]) })
    }

    /// The elements converted to one type, as a `list(any)` parameter converts a tuple (`["a", 1]` to `["a", "1"]`).
    static func listElements(_ arguments: Arguments, _ index: Int) throws(TerraformFunctionError) -> [TerraformValue] {
        let elements = try arguments.sequence(index)
        guard let unified = TypeUnification.unified(elements) else {
            throw arguments.invalid(index, "list of any single type required: the elements have no common type")
        }
        return unified
    }

    /// Terraform's `==` on known values: same kind of value and same contents; numbers by value.
    static func equal(_ lhs: TerraformValue, _ rhs: TerraformValue) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.list(let left), .tuple(let right)), (.tuple(let left), .list(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.map(let left), .object(let right)), (.object(let left), .map(let right)):
            return left.keys.sorted() == right.keys.sorted()
                && left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default: return lhs == rhs
        }
    }

    static func distinct(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var seen: Set<TerraformValue> = []
        let kept = try listElements(arguments, 0).filter { seen.insert($0).inserted }
        return TerraformValue(.list(kept))
    }

    /// `element(list, index)`: the index wraps around the list's length, negative ones from the end.
    static func element(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard case .list(let elements) = arguments[0].kind.listOrTuple else {
            throw arguments.invalid(0, "cannot read elements from \(arguments[0].typeName)")
        }
        let index = try arguments.integer(1)
        guard !elements.isEmpty else { throw arguments.failed("cannot use element function with an empty list") }
        var wrapped = index % elements.count
        if wrapped < 0 { wrapped += elements.count }
        return elements[wrapped]
    }

    static func flatten(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var flat: [TerraformValue] = []
        var unknown: Unknown?
        func walk(_ elements: [TerraformValue], depth: Int) throws(TerraformFunctionError) {
            guard depth < 64 else { throw arguments.failed("lists nested more than 64 deep") }
            for element in elements {
                if case .unknown(let reason) = element.kind {
                    unknown = unknown ?? reason
                } else if let inner = element.elements {
                    try walk(inner, depth: depth + 1)
                } else {
                    flat.append(element)
                }
            }
        }
        guard arguments[0].elements != nil else { throw arguments.invalid(0, "can only flatten lists, sets and tuples") }
        try walk(try arguments.sequence(0), depth: 0)
        if let unknown {
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: unknown.reason)
        }
        return TypeUnification.sequence(flat)
    }

    static func index(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard case .list(let elements) = arguments[0].kind.listOrTuple else {
            throw arguments.invalid(0, "argument must be a list or tuple")
        }
        guard !elements.isEmpty else { throw arguments.failed("cannot search an empty list") }
        guard let found = elements.firstIndex(where: { equal($0, arguments[1]) }) else { throw arguments.failed("item not found") }
        return .number(Double(found))
    }

    /// Elements of a collection, attributes of an object, characters of a string; unknown elements still count.
    static func length(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        switch arguments[0].kind {
        case .string(let text): return .number(Double(text.count))
        case .list(let items), .set(let items), .tuple(let items): return .number(Double(items.count))
        case .map(let members), .object(let members): return .number(Double(members.count))
        default: throw arguments.invalid(0, "argument must be a string, a collection type, or a structural type")
        }
    }

    static func one(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let elements = arguments[0].elements, elements.count <= 1 else {
            throw arguments.invalid(0, "must be a list, set, or tuple value with either zero or one elements")
        }
        return elements.first ?? .null
    }

    /// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`; at most 1024 values.
    static func range(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        var numbers: [Double] = []
        for index in 0..<arguments.count { numbers.append(try arguments.number(index)) }
        let (start, end, step): (Double, Double, Double)
        switch numbers.count {
        case 1: (start, end, step) = (0, numbers[0], numbers[0] < 0 ? -1 : 1)
        case 2: (start, end, step) = (numbers[0], numbers[1], numbers[1] < numbers[0] ? -1 : 1)
        case 3: (start, end, step) = (numbers[0], numbers[1], numbers[2])
        default: throw arguments.invalid("must have one, two, or three arguments")
        }
        guard step != 0 else { throw arguments.invalid(2, "step must not be zero") }
        if step < 0, end > start { throw arguments.invalid(1, "end must be less than start when step is negative") }
        if step > 0, end < start { throw arguments.invalid(1, "end must be greater than start when step is positive") }
        var values: [TerraformValue] = []
        var next = start
        while step < 0 ? next > end : next < end {
            guard values.count < 1024 else {
                throw arguments.failed(
                    "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step")
            }
            values.append(.number(next))
            next += step
        }
        return TerraformValue(.list(values))
    }

    static func reverse(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        switch arguments[0].kind {
        case .list(let items): return TerraformValue(.list(items.reversed()))
        case .tuple(let items): return .tuple(items.reversed())
        default: throw arguments.invalid(0, "can only reverse list or tuple values, not \(arguments[0].typeName)")
        }
    }

    static func slice(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        if case .set = arguments[0].kind {
            throw arguments.invalid(
                0,
                "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important"
            )
        }
        guard case .list(let elements) = arguments[0].kind.listOrTuple else { throw arguments.invalid(0, "must be a list or tuple value") }
        let start = try arguments.integer(1)
        let end = try arguments.integer(2)
        if start < 0 { throw arguments.invalid(1, "start index must not be less than zero") }
        if start > elements.count { throw arguments.invalid(1, "start index must not be greater than the length of the list") }
        if end < 0 { throw arguments.invalid(2, "end index must not be less than zero") }
        if end > elements.count { throw arguments.invalid(2, "end index must not be greater than the length of the list") }
        if start > end { throw arguments.invalid(1, "start index must not be greater than end index") }
        let slice = Array(elements[start..<end])
        if case .tuple = arguments[0].kind { return .tuple(slice) }
        return TerraformValue(.list(slice))
    }

    /// Strings in lexical (byte) order; numbers sort as their strings do, as `list(string)` converts them.
    static func sort(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let texts = try arguments.strings(0)
        return TerraformValue(.list(texts.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }.map { .string($0) }))
    }

    static func sum(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let elements = arguments[0].elements else {
            throw arguments.invalid(0, "argument must be list, set, or tuple. Received \(arguments[0].typeName)")
        }
        guard !elements.isEmpty else { throw arguments.invalid(0, "cannot sum an empty list") }
        var total = 0.0
        for element in elements {
            guard let number = try? element.convertedWritingNumbers(to: .number).numberValue else {
                throw arguments.invalid(0, "argument must be list, set, or tuple of number values")
            }
            total += number
        }
        return .number(total)
    }
}

extension TerraformValue.Kind {
    /// A list or tuple seen as `.list` of its elements; anything else unchanged.
    var listOrTuple: TerraformValue.Kind {
        if case .tuple(let elements) = self { return .list(elements) }
        return self
    }
}
