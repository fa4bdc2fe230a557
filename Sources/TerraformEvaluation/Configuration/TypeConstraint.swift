import HCLSyntax
import TerraformModel

/// Reads a variable's `type` expression as a type constraint: `string`, `list(object({a = optional(string, "x")}))`,
/// `tuple([string, number])`, `any`, and the quoted legacy forms `"string"`, `"list"`, `"map"`.
struct TypeConstraintReader {
    /// Evaluates `optional()` defaults, which are constant expressions.
    var constants: ExpressionEvaluator

    /// The type, or an error message saying what is wrong where.
    func read(_ expression: HCLExpression) -> Result<TerraformType, TypeConstraintError> {
        read(expression, depth: 0)
    }

    private func read(_ expression: HCLExpression, depth: Int) -> Result<TerraformType, TypeConstraintError> {
        guard depth < 64 else { return .failure(TypeConstraintError(expression, "the type nests too deeply")) }
        switch expression.kind {
        case .variable(let name):
            switch name {
            case "string": return .success(.string)
            case "number": return .success(.number)
            case "bool": return .success(.bool)
            case "any": return .success(.any)
            case "list", "set", "map":
                return .failure(TypeConstraintError(expression, "\(name) needs an element type: \(name)(string)"))
            default: return .failure(TypeConstraintError(expression, "\"\(name)\" is not a type"))
            }
        case .template(let template):
            switch template.literalValue {
            case "string": return .success(.string)
            case "list": return .success(.list(.any))
            case "map": return .success(.map(.any))
            default: return .failure(TypeConstraintError(expression, "a quoted type is \"string\", \"list\" or \"map\""))
            }
        case .parenthesized(let inner):
            return read(inner, depth: depth + 1)
        case .functionCall(let nameParts, let arguments, _) where nameParts.count == 1:
            return readConstructor(nameParts[0], arguments, of: expression, depth: depth + 1)
        default:
            return .failure(TypeConstraintError(expression, "expected a type such as string, list(string) or object({...})"))
        }
    }

    private func readConstructor(_ name: String, _ arguments: [HCLExpression], of expression: HCLExpression, depth: Int)
        -> Result<TerraformType, TypeConstraintError>
    {
        guard arguments.count == 1 else {
            return .failure(TypeConstraintError(expression, "\(name)() takes one argument, got \(arguments.count)"))
        }
        let argument = arguments[0]
        switch name {
        case "list": return read(argument, depth: depth).map { .list($0) }
        case "set": return read(argument, depth: depth).map { .set($0) }
        case "map": return read(argument, depth: depth).map { .map($0) }
        case "tuple":
            guard case .tuple(let elements) = argument.kind else {
                return .failure(TypeConstraintError(argument, "tuple() takes a list of types: tuple([string, number])"))
            }
            var types: [TerraformType] = []
            for element in elements {
                switch read(element, depth: depth) {
                case .success(let type): types.append(type)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.tuple(types))
        case "object":
            guard case .object(let items) = argument.kind else {
                return .failure(TypeConstraintError(argument, "object() takes an object of attribute types: object({name = string})"))
            }
            var attributes: [String: TerraformType.ObjectAttribute] = [:]
            for item in items {
                guard let key = Self.attributeName(item) else {
                    return .failure(TypeConstraintError(item.key, "an object type's attribute name must be a name or a string"))
                }
                switch readAttribute(item.value, depth: depth) {
                case .success(let attribute): attributes[key] = attribute
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.object(attributes))
        default:
            return .failure(TypeConstraintError(expression, "\"\(name)\" is not a type constructor (list, set, map, tuple, object)"))
        }
    }

    private func readAttribute(_ expression: HCLExpression, depth: Int) -> Result<TerraformType.ObjectAttribute, TypeConstraintError> {
        guard case .functionCall(["optional"], let arguments, _) = expression.kind else {
            return read(expression, depth: depth).map { TerraformType.ObjectAttribute(type: $0) }
        }
        guard arguments.count == 1 || arguments.count == 2 else {
            return .failure(TypeConstraintError(expression, "optional() takes a type and an optional default"))
        }
        return read(arguments[0], depth: depth).map { type in
            let defaultValue = arguments.count == 2 ? constants.evaluate(arguments[1]) : nil
            return TerraformType.ObjectAttribute(type: type, isOptional: true, defaultValue: defaultValue)
        }
    }

    static func attributeName(_ item: HCLObjectItem) -> String? {
        if item.keyIsBareIdentifier, case .variable(let name) = item.key.kind { return name }
        if case .template(let template) = item.key.kind { return template.literalValue }
        return nil
    }
}

struct TypeConstraintError: Error {
    var range: HCLSourceRange
    var message: String

    init(_ expression: HCLExpression, _ message: String) {
        range = expression.range
        self.message = message
    }
}
