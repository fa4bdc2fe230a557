/// Why a value does not convert to a type: what was expected and where inside the value it went wrong.
public struct TerraformConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path inside the value, Terraform style: `.rules[2].name`; empty for the value itself.
    public var path: String
    public var message: String

    public init(path: String = "", message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    func inside(_ step: String) -> TerraformConversionError {
        TerraformConversionError(path: step + path, message: message)
    }
}

extension TerraformValue {
    /// The value converted to `type` as Terraform converts a variable's value or a `to*()` argument: primitives
    /// to and from strings where Terraform allows it, structural values to collections, object attributes
    /// checked, `optional()` defaults filled in and extra attributes dropped. Null converts to any type;
    /// unknowns stay unknown. Locations and sensitivity are kept.
    public func converted(to type: TerraformType) throws(TerraformConversionError) -> TerraformValue {
        switch kind {
        case .null, .unknown: return self
        default: break
        }
        var result = self
        switch type {
        case .any:
            return self
        case .string:
            switch kind {
            case .string: return self
            case .number(let number): result.kind = .string(Self.format(number))
            case .bool(let flag): result.kind = .string(flag ? "true" : "false")
            default: throw TerraformConversionError(message: "string required, got \(typeName)")
            }
        case .number:
            switch kind {
            case .number: return self
            case .string(let text):
                // Terraform reads decimal numbers only: not `0x10`, `inf` or `nan`, which Double(_:) also takes.
                guard Self.isDecimalNumber(text), let number = Double(text.trimmingPrefix("+")), number.isFinite else {
                    throw TerraformConversionError(message: "a number is required, got the string \(rendered)")
                }
                result.kind = .number(number)
            default: throw TerraformConversionError(message: "number required, got \(typeName)")
            }
        case .bool:
            switch kind {
            case .bool: return self
            case .string("true"): result.kind = .bool(true)
            case .string("false"): result.kind = .bool(false)
            case .string: throw TerraformConversionError(message: "a bool is required, got the string \(rendered)")
            default: throw TerraformConversionError(message: "bool required, got \(typeName)")
            }
        case .list(let elementType):
            guard let elements else { throw TerraformConversionError(message: "list of \(elementType) required, got \(typeName)") }
            result.kind = .list(try Self.convert(elements, to: elementType))
        case .set(let elementType):
            guard let elements else { throw TerraformConversionError(message: "set of \(elementType) required, got \(typeName)") }
            result.kind = .set(Self.setOrdered(try Self.convert(elements, to: elementType)))
        case .map(let elementType):
            guard let members else { throw TerraformConversionError(message: "map of \(elementType) required, got \(typeName)") }
            var converted: [String: TerraformValue] = [:]
            for (key, member) in members {
                do { converted[key] = try member.converted(to: elementType) } catch { throw error.inside("[\"\(key)\"]") }
            }
            result.kind = .map(converted)
        case .tuple(let elementTypes):
            guard let elements else { throw TerraformConversionError(message: "tuple required, got \(typeName)") }
            guard elements.count == elementTypes.count else {
                throw TerraformConversionError(message: "a tuple of \(elementTypes.count) elements is required, got \(elements.count)")
            }
            var converted: [TerraformValue] = []
            for (index, (element, elementType)) in zip(elements, elementTypes).enumerated() {
                do { converted.append(try element.converted(to: elementType)) } catch { throw error.inside("[\(index)]") }
            }
            result.kind = .tuple(converted)
        case .object(let attributes):
            guard let members else { throw TerraformConversionError(message: "object required, got \(typeName)") }
            var converted: [String: TerraformValue] = [:]
            for (name, attribute) in attributes {
                let member = members[name]
                if member == nil || member?.isNull == true, attribute.isOptional {
                    guard let defaultValue = attribute.defaultValue else {
                        converted[name] = member ?? TerraformValue(.null, location: location)
                        continue
                    }
                    do { converted[name] = try defaultValue.converted(to: attribute.type) } catch { throw error.inside(".\(name)") }
                    continue
                }
                guard let member else { throw TerraformConversionError(message: "attribute \"\(name)\" is required") }
                do { converted[name] = try member.converted(to: attribute.type) } catch { throw error.inside(".\(name)") }
            }
            result.kind = .object(converted)
        }
        return result
    }

    private static func convert(_ elements: [TerraformValue], to type: TerraformType) throws(TerraformConversionError) -> [TerraformValue] {
        var converted: [TerraformValue] = []
        converted.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do { converted.append(try element.converted(to: type)) } catch { throw error.inside("[\(index)]") }
        }
        return converted
    }

    /// `[+-]digits[.digits][e[+-]digits]`: the number syntax Terraform converts from a string.
    static func isDecimalNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// The kind of value, as Terraform's messages name it: `string`, `list`, `object`...
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .list: "list"
        case .set: "set"
        case .tuple: "tuple"
        case .map: "map"
        case .object: "object"
        case .unknown: "unknown value"
        }
    }
}
