import LocatedJSON
import PostureModel

/// Array functions of ARM templates. `first`, `last`, `skip`, `take`, `indexOf` and `lastIndexOf` also take strings;
/// `contains`, `union`, `intersection` and `tryGet` also take objects. `length`, `empty`, `concat` and `createArray`
/// live with the string and logical functions.
enum ArrayFunctions {
    static let all: [String: PureFunction] = [
        "array": { arguments throws(FunctionError) in
            try arguments.expect(1)
            switch arguments[0].kind {
            case .array: return arguments[0]
            case .null: throw arguments.mismatch(0, "an int, string, array or object")
            default: return Value(.array([arguments[0]]))
            }
        },
        "contains": contains,
        "first": { arguments throws(FunctionError) in try end(arguments, first: true) },
        "last": { arguments throws(FunctionError) in try end(arguments, first: false) },
        "flatten": flatten,
        "indexof": { arguments throws(FunctionError) in try index(arguments, last: false) },
        "lastindexof": { arguments throws(FunctionError) in try index(arguments, last: true) },
        "intersection": intersection,
        "union": union,
        "max": { arguments throws(FunctionError) in try extreme(arguments, greatest: true) },
        "min": { arguments throws(FunctionError) in try extreme(arguments, greatest: false) },
        "range": range,
        "skip": { arguments throws(FunctionError) in try slice(arguments, skipping: true) },
        "take": { arguments throws(FunctionError) in try slice(arguments, skipping: false) },
        "items": { arguments throws(FunctionError) in
            try arguments.expect(1)
            // Azure sorts the keys alphabetically, as .NET's culture-aware comparison orders them.
            let members = try arguments.object(0).sorted { NumericFunctions.compareText($0.key, $1.key) < 0 }
            return Value(
                .array(
                    members.map { member in
                        Value(.object([.init(key: "key", value: .string(member.key)), .init(key: "value", value: member.value)]))
                    }))
        },
        "tryget": tryGet,
        "indexfromend": { arguments throws(FunctionError) in
            guard let element = try fromEnd(arguments) else {
                let (index, count) = (try arguments.integer(1), try arguments.array(0).count)
                throw FunctionError("indexFromEnd() index \(index) is outside an array of \(count) element(s); it counts from 1 at the end")
            }
            return element
        },
        "tryindexfromend": { arguments throws(FunctionError) in try fromEnd(arguments) ?? .null },
    ]

    /// Whether a value can be compared with `ValueSemantics.equal`: nothing inside it is unknown.
    private static func known(_ value: Value) -> Bool { !value.containsUnknown }

    /// Array element by value, object key case-insensitively, substring case-sensitively (ordinally).
    static func contains(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let item = arguments[1]
        switch arguments[0].kind {
        case .array(let elements):
            guard known(item) else { return arguments.unknown("the value to find is known only at deployment") }
            if elements.contains(where: { known($0) && ValueSemantics.equal($0, item) }) { return Value(.bool(true)) }
            if elements.contains(where: { !known($0) }) { return arguments.unknown("an array element is known only at deployment") }
            return Value(.bool(false))
        case .object(let members):
            guard let key = item.scalarText, item.boolValue == nil else { throw arguments.mismatch(1, "a string or int key") }
            return Value(.bool(members.contains { $0.key.caseInsensitiveEquals(key) }))
        case .string(let text):
            guard let needle = item.scalarText, item.boolValue == nil else { throw arguments.mismatch(1, "a string or int") }
            return Value(.bool(position(of: Array(needle.utf16), in: Array(text.utf16), last: false) >= 0))
        default:
            throw arguments.mismatch(0, "an array, object or string")
        }
    }

    /// `first` and `last`: an element of an array (null when empty) or a UTF-16 character of a string (empty when
    /// empty).
    static func end(_ arguments: Arguments, first: Bool) throws(FunctionError) -> Value {
        try arguments.expect(1)
        switch arguments[0].kind {
        case .array(let elements): return (first ? elements.first : elements.last) ?? .null
        case .string(let text):
            let units = Array(text.utf16)
            guard let unit = first ? units.first : units.last else { return .string("") }
            return piece(ArraySlice([unit]), arguments)
        default: throw arguments.mismatch(0, "an array or string")
        }
    }

    /// Text made of some of a string's UTF-16 code units, which is how .NET counts and cuts strings; unknown when
    /// the cut falls inside a surrogate pair, since .NET would give a lone surrogate that a Swift string cannot hold.
    private static func piece(_ units: ArraySlice<UInt16>, _ arguments: Arguments) -> Value {
        if let first = units.first, UTF16.isTrailSurrogate(first) { return arguments.unknown("the result would split a surrogate pair") }
        if let last = units.last, UTF16.isLeadSurrogate(last) { return arguments.unknown("the result would split a surrogate pair") }
        return .string(String(decoding: units, as: UTF16.self))
    }

    /// The first (or last) offset of `part` in `source`, -1 when absent; an empty part is at 0 (or at the end).
    private static func position(of part: [UInt16], in source: [UInt16], last: Bool) -> Int64 {
        guard part.count <= source.count else { return -1 }
        let starts = 0...(source.count - part.count)
        let found =
            last
            ? starts.reversed().first { start in part.indices.allSatisfy { source[start + $0] == part[$0] } }
            : starts.first { start in part.indices.allSatisfy { source[start + $0] == part[$0] } }
        return found.map(Int64.init) ?? -1
    }

    /// `OrdinalIgnoreCase` folding of one UTF-16 code unit, as .NET does it: to upper case by the simple mapping,
    /// except that no non-ASCII letter folds into ASCII (the dotless ı stays apart from I, the long ſ from S).
    private static func folded(_ unit: UInt16) -> UInt16 {
        if unit >= 0x61, unit <= 0x7A { return unit - 0x20 }
        guard unit >= 0x80, let scalar = Unicode.Scalar(unit) else { return unit }
        let upper = scalar.properties.uppercaseMapping.unicodeScalars
        guard upper.count == 1, let mapped = upper.first, mapped.value >= 0x80, mapped.value <= 0xFFFF else { return unit }
        return UInt16(mapped.value)
    }

    /// One level of nesting removed; every element must be an array.
    static func flatten(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(1)
        var result: [Value] = []
        for (position, element) in try arguments.array(0).enumerated() {
            if element.isUnknown { return arguments.unknown("a nested array is known only at deployment") }
            guard let inner = element.elements else {
                throw FunctionError("flatten() expects an array of arrays, but element \(position) is \(element.kindName)")
            }
            result += inner
        }
        return Value(.array(result))
    }

    /// `indexOf`/`lastIndexOf`: case-insensitive position in a string (in UTF-16 code units), or case-sensitive,
    /// deep position in an array.
    static func index(_ arguments: Arguments, last: Bool) throws(FunctionError) -> Value {
        try arguments.expect(2)
        if let text = arguments[0].stringValue {
            let (source, part) = (Array(text.utf16), Array(try arguments.string(1).utf16))
            return Value(.integer(position(of: part.map(folded), in: source.map(folded), last: last)))
        }
        let elements = try arguments.array(0)
        let item = arguments[1]
        guard known(item) else { return arguments.unknown("the value to find is known only at deployment") }
        let order = last ? Array(elements.indices.reversed()) : Array(elements.indices)
        for position in order {
            if !known(elements[position]) { return arguments.unknown("an array element is known only at deployment") }
            if ValueSemantics.equal(elements[position], item) { return Value(.integer(Int64(position))) }
        }
        return Value(.integer(-1))
    }

    /// The elements (or members with equal values) common to every argument, in the first argument's order.
    static func intersection(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2, .max)
        if arguments[0].members != nil {
            var lists: [[Value.Member]] = []
            for position in 0..<arguments.count { lists.append(try arguments.object(position)) }
            var common: [Value.Member] = []
            for member in lists[0] where !common.contains(where: { $0.key.caseInsensitiveEquals(member.key) }) {
                let others = lists.dropFirst().map { list in list.last { $0.key.caseInsensitiveEquals(member.key) } }
                guard others.allSatisfy({ $0 != nil }) else { continue }
                let value = lists[0].last { $0.key.caseInsensitiveEquals(member.key) }!.value
                if !known(value) || others.contains(where: { !known($0!.value) }) {
                    return arguments.unknown("a compared property value is known only at deployment")
                }
                if others.allSatisfy({ ValueSemantics.equal($0!.value, value) }) { common.append(.init(key: member.key, value: value)) }
            }
            return Value(.object(common))
        }
        var lists: [[Value]] = []
        for position in 0..<arguments.count { lists.append(try arguments.array(position)) }
        if lists.joined().contains(where: { !known($0) }) { return arguments.unknown("an array element is known only at deployment") }
        var common: [Value] = []
        for element in lists[0] where !common.contains(where: { ValueSemantics.equal($0, element) }) {
            if lists.dropFirst().allSatisfy({ $0.contains { ValueSemantics.equal($0, element) } }) { common.append(element) }
        }
        return Value(.array(common))
    }

    /// Arrays: every distinct element in order of first appearance. Objects: later properties win, and nested
    /// objects merge recursively (nested arrays are replaced, not merged).
    static func union(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2, .max)
        if arguments[0].members != nil {
            var merged: [Value.Member] = []
            for position in 0..<arguments.count { merged = merge(merged, try arguments.object(position), arguments) }
            return Value(.object(merged))
        }
        var result: [Value] = []
        for position in 0..<arguments.count {
            for element in try arguments.array(position) {
                guard known(element) else { return arguments.unknown("an array element is known only at deployment") }
                if !result.contains(where: { ValueSemantics.equal($0, element) }) { result.append(element) }
            }
        }
        return Value(.array(result))
    }

    /// Deep merge for `union`: a property whose merge depends on an unknown value becomes unknown itself.
    private static func merge(_ base: [Value.Member], _ overlay: [Value.Member], _ arguments: Arguments) -> [Value.Member] {
        var result = base
        for member in overlay {
            guard let position = result.firstIndex(where: { $0.key.caseInsensitiveEquals(member.key) }) else {
                result.append(member)
                continue
            }
            let existing = result[position].value
            switch (existing.kind, member.value.kind) {
            case (.object(let old), .object(let new)): result[position].value = Value(.object(merge(old, new, arguments)))
            case (.unknown, .object), (.unknown, .unknown), (.object, .unknown):
                result[position].value = arguments.unknown("a merged property value is known only at deployment")
            default: result[position].value = member.value
            }
        }
        return result
    }

    /// `max`/`min` of integers given as one array or as separate arguments.
    static func extreme(_ arguments: Arguments, greatest: Bool) throws(FunctionError) -> Value {
        try arguments.expect(1, .max)
        let values: [Value]
        if arguments.count == 1, let elements = arguments[0].elements { values = elements } else { values = arguments.values }
        guard !values.isEmpty else { throw FunctionError("\(arguments.function)() needs at least one integer, got an empty array") }
        var best: Int64?
        for value in values {
            if value.containsUnknown { return arguments.unknown("a compared value is known only at deployment") }
            guard let number = try? Arguments(function: arguments.function, values: [value]).integer(0) else {
                throw FunctionError("\(arguments.function)() compares integers, got \(value.kindName)")
            }
            if let current = best { best = greatest ? Swift.max(current, number) : Swift.min(current, number) } else { best = number }
        }
        return Value(.integer(best!))
    }

    /// `range(startIndex, count)`: count in 0...10000 and startIndex + count no greater than 2147483647.
    static func range(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let (start, count) = (try arguments.integer(0), try arguments.integer(1))
        guard (0...10_000).contains(count) else { throw FunctionError("range() count must be between 0 and 10000, got \(count)") }
        let (end, overflow) = start.addingReportingOverflow(count)
        guard !overflow, end <= Int64(Int32.max) else {
            throw FunctionError("range() startIndex + count must be no greater than 2147483647, got \(start) + \(count)")
        }
        return Value(.array((0..<count).map { Value(.integer(start + $0)) }))
    }

    /// `skip`/`take` on an array or a string (in UTF-16 code units); counts below zero act as zero, counts past the
    /// end as the length.
    static func slice(_ arguments: Arguments, skipping: Bool) throws(FunctionError) -> Value {
        try arguments.expect(2)
        let number = try arguments.integer(1)
        switch arguments[0].kind {
        case .array(let elements):
            let count = Int(Swift.min(Swift.max(number, 0), Int64(elements.count)))
            return Value(.array(Array(skipping ? elements.dropFirst(count) : elements.prefix(count))))
        case .string(let text):
            let units = Array(text.utf16)
            let count = Int(Swift.min(Swift.max(number, 0), Int64(units.count)))
            return piece(skipping ? units.dropFirst(count) : units.prefix(count), arguments)
        default:
            throw arguments.mismatch(0, "an array or string")
        }
    }

    /// `tryGet(value, keyOrIndex, ...)`: a property (case-insensitive) or element, or null when missing.
    static func tryGet(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(2, .max)
        var current = arguments[0]
        for position in 1..<arguments.count {
            switch current.kind {
            case .null: return .null
            case .unknown: return arguments.unknown("a looked-up value is known only at deployment")
            case .object:
                current = current[member: try arguments.string(position)] ?? .null
            case .array(let elements):
                let index = try arguments.integer(position)
                current = index >= 0 && index < Int64(elements.count) ? elements[Int(index)] : .null
            default:
                throw FunctionError("tryGet() can look into an object or array, not \(current.kindName)")
            }
        }
        return current
    }

    /// The element `reverseIndex` places from the end (1 is the last), or nil when out of range.
    private static func fromEnd(_ arguments: Arguments) throws(FunctionError) -> Value? {
        try arguments.expect(2)
        let elements = try arguments.array(0)
        let reverse = try arguments.integer(1)
        guard reverse >= 1, reverse <= Int64(elements.count) else { return nil }
        return elements[elements.count - Int(reverse)]
    }
}
