import LocatedJSON
import PostureModel
import SourceModel

/// ARM's checks of a parameter value against its declaration: the `type` (string, securestring, int, bool, object,
/// secureObject, array), `minValue`/`maxValue` for ints and `minLength`/`maxLength` for strings and arrays.
///
/// ARM is strict about types: a parameter file's `42` for a `string` parameter, or `"true"` for a `bool`, fails
/// validation ("Template parameter JToken type is not valid"), so Bulwark reports it as an error. A value outside
/// its bounds is a warning, as a value outside `allowedValues` is: published examples (Azure Verified Modules) pass
/// `<placeholder>` strings longer than a name's maxLength, and the rest of the template is still worth judging.
/// Messages never quote a string, array or object value, which may be secret, nor tell a secure value's length.
struct ParameterConstraints {
    struct Problem: Equatable {
        var message: String
        /// A wrong type (an error); otherwise a value outside its bounds (a warning).
        var isTypeMismatch: Bool
    }

    let name: String
    let declaration: JSONValue

    /// The declared type, lower-cased, when it is one of ARM's types (a `$ref` or a missing type is not checked).
    var declaredType: String? {
        guard let type = declaration[member: "type"]?.stringValue?.lowercased(), Self.acceptedKinds[type] != nil else { return nil }
        return type
    }

    private static let acceptedKinds: [String: String] = [
        "string": "string", "securestring": "string", "int": "int", "bool": "bool", "object": "object",
        "secureobject": "object", "array": "array",
    ]

    /// What is wrong with `value` for this parameter, one sentence each; empty when nothing is (or when the value
    /// is null, which takes the default or means "not set" for nullable parameters, or unknown). `valueName` is how
    /// the sentences name the value: "the value given", "its default value".
    func problems(_ value: Value, valueName: String = "the value given") -> [Problem] {
        guard !value.isNull, !value.isUnknown, let type = declaredType else { return [] }
        let written = declaration[member: "type"]?.stringValue ?? type
        guard Self.acceptedKinds[type] == Self.kind(of: value) else {
            return [
                Problem(
                    message: "parameter '\(name)' is declared as \(written), but \(valueName) is \(Self.article(value.kindName))",
                    isTypeMismatch: true)
            ]
        }
        var problems: [String] = []
        if case .integer(let number) = value.kind {
            if let minimum = bound("minValue"), number < minimum {
                problems.append("parameter '\(name)' has a minValue of \(minimum), but \(valueName) is \(number)")
            }
            if let maximum = bound("maxValue"), number > maximum {
                problems.append("parameter '\(name)' has a maxValue of \(maximum), but \(valueName) is \(number)")
            }
        }
        let length: Int? =
            switch value.kind {
            case .string(let text): text.utf16.count
            case .array(let elements): elements.count
            default: nil
            }
        if let length {
            let unit = value.elements == nil ? "characters" : "elements"
            // A secure value's length is not told: it narrows the search for the secret.
            let isSecure = type.hasPrefix("secure")
            if let minimum = bound("minLength"), length < minimum {
                let given = isSecure ? "is shorter" : "has \(length) \(unit)"
                problems.append("parameter '\(name)' has a minLength of \(minimum), but \(valueName) \(given)")
            }
            if let maximum = bound("maxLength"), length > maximum {
                let given = isSecure ? "is longer" : "has \(length) \(unit)"
                problems.append("parameter '\(name)' has a maxLength of \(maximum), but \(valueName) \(given)")
            }
        }
        return problems.map { Problem(message: $0, isTypeMismatch: false) }
    }

    private func bound(_ key: String) -> Int64? {
        guard case .integer(let number)? = declaration[member: key]?.kind else { return nil }
        return number
    }

    /// The ARM type family of a value: "string", "int", "bool", "object", "array", or "float" (never accepted).
    private static func kind(of value: Value) -> String {
        switch value.kind {
        case .string: "string"
        case .integer: "int"
        case .double: "float"
        case .bool: "bool"
        case .object: "object"
        case .array: "array"
        case .null, .unknown: "null"
        }
    }

    private static func article(_ kind: String) -> String {
        ["int", "array", "object"].contains(kind) ? "an \(kind)" : "a \(kind)"
    }
}

extension TemplateEvaluator {
    /// A parameter's default once evaluated, checked against the parameter's declared type and bounds: a default of
    /// the wrong type is a template error, as ARM refuses the deployment; one outside its bounds a warning.
    func checkedDefault(_ value: Value, of name: String) -> Value {
        guard let schema = scope.parameterSchemas[name.lowercased()] else { return value }
        let declared = scope.parameterDeclarations[name.lowercased()]?.name ?? name
        for problem in ParameterConstraints(name: declared, declaration: schema).problems(value, valueName: "its default value") {
            report(
                Diagnostic(
                    .invalidTemplate, problem.isTypeMismatch ? .error : .warning, at: value.location ?? location(schema.position),
                    "\(problem.message); Azure would reject this deployment"))
        }
        return value
    }
}
