import TerraformModel

/// Type conversion (`tobool tolist tomap tonumber toset tostring`) and sensitivity (`sensitive nonsensitive
/// issensitive`).
enum ConversionFunctions {
    static func toString(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        try primitive(arguments, .string)
    }

    static func toNumber(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        try primitive(arguments, .number)
    }

    static func toBool(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        try primitive(arguments, .bool)
    }

    private static func primitive(_ arguments: Arguments, _ type: TerraformType) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        do { return try value.convertedWritingNumbers(to: type) } catch {
            if value.containsSensitive { throw arguments.invalid(0, "cannot convert this sensitive \(value.typeName) to \(type)") }
            switch (value.kind, type) {
            case (.string(let text), .bool):
                throw arguments.invalid(
                    0, "cannot convert \(JSONText.quoted(text)) to bool; only the strings \"true\" or \"false\" are allowed")
            case (.string(let text), .number):
                throw arguments.invalid(
                    0, "cannot convert \(JSONText.quoted(text)) to number; given string must be a decimal representation of a number")
            default: throw arguments.invalid(0, "cannot convert \(value.typeName) to \(type)")
            }
        }
    }

    /// A list of the elements, converted to the one type they share.
    static func toList(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        guard !value.isNull, !value.isUnknown else { return value }
        guard let elements = value.elements else {
            throw arguments.invalid(0, "cannot convert \(value.typeName) to list of any single type")
        }
        guard let unified = TypeUnification.unified(elements) else {
            throw arguments.invalid(0, "cannot convert \(value.typeName) to list of any single type: its elements have no common type")
        }
        var result = value
        result.kind = .list(unified)
        return result
    }

    /// A set: the elements converted to their one type, duplicates removed, in Terraform's order.
    static func toSet(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        guard !value.isNull, !value.isUnknown else { return value }
        guard let elements = value.elements else {
            throw arguments.invalid(0, "cannot convert \(value.typeName) to set of any single type")
        }
        // An unknown element could equal any other: the set's size and order are not known.
        if let unknown = value.firstUnknown {
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: unknown.reason)
        }
        guard let unified = TypeUnification.unified(elements) else {
            throw arguments.invalid(0, "cannot convert \(value.typeName) to set of any single type: its elements have no common type")
        }
        var result = value
        result.kind = .set(TerraformValue.setOrdered(unified))
        return result
    }

    /// A map of the attributes, converted to the one type they share.
    static func toMap(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        guard !value.isNull, !value.isUnknown else { return value }
        guard let members = value.members else { throw arguments.invalid(0, "cannot convert \(value.typeName) to map of any single type") }
        let keys = Array(members.keys)
        guard let unified = TypeUnification.unified(keys.compactMap { members[$0] }) else {
            throw arguments.invalid(0, "cannot convert \(value.typeName) to map of any single type: its attributes have no common type")
        }
        var result = value
        result.kind = .map(Dictionary(uniqueKeysWithValues: zip(keys, unified)))
        return result
    }

    static func sensitive(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        arguments[0].markedSensitive()
    }

    /// The value with its sensitive mark removed. Terraform 1.x no longer refuses a value that is not sensitive.
    static func nonsensitive(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        arguments[0].unmarked()
    }

    static func isSensitive(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        if value.isSensitive { return .bool(true) }
        if case .unknown(let unknown) = value.kind {
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: unknown.reason)
        }
        return .bool(false)
    }
}
