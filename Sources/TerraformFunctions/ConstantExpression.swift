import HCLSyntax
import TerraformModel

/// HCL expressions evaluated with no variables and no functions, as Terraform reads a `.tfvars` file (and
/// `provider::terraform::decode_tfvars`): literals, templates, collections, operators and conditionals.
enum ConstantExpression {
    struct Failure: Error {
        var message: String
    }

    static func value(_ expression: HCLExpression, depth: Int = 0) throws(Failure) -> TerraformValue {
        guard depth < HCLFile.maximumNestingDepth else { throw Failure(message: "expression nested too deeply") }
        let at = "\(expression.range.start.line):\(expression.range.start.column)"
        switch expression.kind {
        case .number(let text):
            guard let number = Double(text), number.isFinite else { throw Failure(message: "\(at): invalid number \(text)") }
            return .number(number)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .template(let template): return .string(try self.template(template, depth: depth))
        case .tuple(let elements):
            var values: [TerraformValue] = []
            for element in elements { values.append(try value(element, depth: depth + 1)) }
            return .tuple(values)
        case .object(let items):
            var members: [String: TerraformValue] = [:]
            for item in items {
                let key: String
                if item.keyIsBareIdentifier, case .variable(let name) = item.key.kind {
                    key = name
                } else {
                    let keyValue = try value(item.key, depth: depth + 1)
                    guard let text = try? keyValue.convertedWritingNumbers(to: .string).stringValue else {
                        throw Failure(message: "\(at): an object key must be a string")
                    }
                    key = text
                }
                members[key] = try value(item.value, depth: depth + 1)
            }
            return .object(members)
        case .parenthesized(let inner): return try value(inner, depth: depth + 1)
        case .unary(let operation, let operand): return try unary(operation, try value(operand, depth: depth + 1), at: at)
        case .binary(let operation, let left, let right):
            return try binary(operation, try value(left, depth: depth + 1), try value(right, depth: depth + 1), at: at)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let conditionValue = try value(condition, depth: depth + 1)
            guard let flag = try? conditionValue.converted(to: .bool).boolValue else {
                throw Failure(message: "\(at): the condition must be a bool")
            }
            return try value(flag ? whenTrue : whenFalse, depth: depth + 1)
        case .variable, .attributeAccess, .index, .splat, .splatItem:
            throw Failure(message: "\(at): Variables not allowed; Variables may not be used here.")
        case .functionCall:
            throw Failure(message: "\(at): Function calls not allowed; Functions may not be called here.")
        case .forExpression: throw Failure(message: "\(at): for expressions are not allowed here")
        case .invalid: throw Failure(message: "\(at): invalid expression")
        }
    }

    private static func template(_ template: HCLTemplate, depth: Int) throws(Failure) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal, _): text += literal
            case .interpolation(let inner, _):
                let innerValue = try value(inner, depth: depth + 1)
                guard let piece = try? innerValue.convertedWritingNumbers(to: .string).stringValue else {
                    throw Failure(message: "\(inner.range.start.line):\(inner.range.start.column): an interpolation must be a string")
                }
                text += piece
            case .ifDirective(_, _, _, let range), .forDirective(_, _, _, _, let range):
                throw Failure(message: "\(range.start.line):\(range.start.column): template directives are not allowed here")
            }
        }
        return text
    }

    private static func unary(_ operation: HCLUnaryOperator, _ operand: TerraformValue, at: String) throws(Failure) -> TerraformValue {
        switch operation {
        case .negate:
            guard let number = try? operand.convertedWritingNumbers(to: .number).numberValue else {
                throw Failure(message: "\(at): a number is required")
            }
            return .number(-number)
        case .not:
            guard let flag = try? operand.converted(to: .bool).boolValue else { throw Failure(message: "\(at): a bool is required") }
            return .bool(!flag)
        }
    }

    private static func binary(_ operation: HCLBinaryOperator, _ left: TerraformValue, _ right: TerraformValue, at: String)
        throws(Failure) -> TerraformValue
    {
        switch operation {
        case .equal: return .bool(CollectionFunctions.equal(left, right))
        case .notEqual: return .bool(!CollectionFunctions.equal(left, right))
        case .and, .or:
            guard let lhs = try? left.converted(to: .bool).boolValue, let rhs = try? right.converted(to: .bool).boolValue else {
                throw Failure(message: "\(at): bools are required")
            }
            return .bool(operation == .and ? lhs && rhs : lhs || rhs)
        default: break
        }
        guard let lhs = try? left.convertedWritingNumbers(to: .number).numberValue,
            let rhs = try? right.convertedWritingNumbers(to: .number).numberValue
        else { throw Failure(message: "\(at): numbers are required") }
        switch operation {
        case .add: return .number(lhs + rhs)
        case .subtract: return .number(lhs - rhs)
        case .multiply: return .number(lhs * rhs)
        case .divide:
            guard rhs != 0 else { throw Failure(message: "\(at): divide by zero") }
            return .number(lhs / rhs)
        case .modulo:
            guard rhs != 0 else { throw Failure(message: "\(at): modulo by zero") }
            return .number(lhs.truncatingRemainder(dividingBy: rhs))
        case .greater: return .bool(lhs > rhs)
        case .greaterOrEqual: return .bool(lhs >= rhs)
        case .less: return .bool(lhs < rhs)
        default: return .bool(lhs <= rhs)
        }
    }
}
