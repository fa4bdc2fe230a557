import HCLSyntax
import TerraformModel

extension ExpressionEvaluator {
    func evaluateUnary(_ op: HCLUnaryOperator, _ operand: HCLExpression, of expression: HCLExpression) -> TerraformValue {
        let value = evaluate(operand)
        if value.isUnknown { return unknown(expression, from: value) }
        switch op {
        case .not:
            guard let flag = value.asBool else { return wrongOperand(value, "a bool", for: "!", at: operand) }
            return TerraformValue.bool(!flag).sensitive(if: value.isSensitive)
        case .negate:
            guard let number = value.asNumber else { return wrongOperand(value, "a number", for: "-", at: operand) }
            return TerraformValue.number(-number).sensitive(if: value.isSensitive)
        }
    }

    func evaluateBinary(_ op: HCLBinaryOperator, _ left: HCLExpression, _ right: HCLExpression, of expression: HCLExpression)
        -> TerraformValue
    {
        switch op {
        case .and, .or: return evaluateLogical(op, left, right, of: expression)
        default: break
        }
        let lhs = evaluate(left)
        let rhs = evaluate(right)
        let sensitive = lhs.isSensitive || rhs.isSensitive
        switch op {
        case .equal, .notEqual:
            // As cty compares: an unknown at the top is unknown; a null against anything known at the top is known,
            // whatever is unknown inside the other (`{ a = unknown } != null` is true).
            if lhs.isUnknown || rhs.isUnknown { return unknown(expression, from: lhs, rhs) }
            if lhs.isNull || rhs.isNull {
                return TerraformValue.bool((lhs.isNull && rhs.isNull) == (op == .equal)).sensitive(if: sensitive)
            }
            if lhs.containsUnknown || rhs.containsUnknown { return unknown(expression, from: lhs, rhs) }
            return TerraformValue.bool((lhs == rhs) == (op == .equal)).sensitive(if: sensitive)
        default: break
        }
        if lhs.isUnknown || rhs.isUnknown { return unknown(expression, from: lhs, rhs) }
        guard let a = lhs.asNumber else { return wrongOperand(lhs, "a number", for: op.rawValue, at: left) }
        guard let b = rhs.asNumber else { return wrongOperand(rhs, "a number", for: op.rawValue, at: right) }
        let result: TerraformValue
        switch op {
        case .add: result = .number(a + b)
        case .subtract: result = .number(a - b)
        case .multiply: result = .number(a * b)
        case .divide, .modulo:
            guard b != 0 else {
                return failure(.terraformInvalidExpression, "can't divide by zero: the right operand is 0", at: right)
            }
            result = .number(op == .divide ? a / b : a.truncatingRemainder(dividingBy: b))
        case .greater: result = .bool(a > b)
        case .greaterOrEqual: result = .bool(a >= b)
        case .less: result = .bool(a < b)
        case .lessOrEqual: result = .bool(a <= b)
        case .and, .or, .equal, .notEqual: result = .null
        }
        return result.sensitive(if: sensitive)
    }

    /// `&&` and `||`: a known left operand that decides the result decides it without the right one; otherwise a
    /// known deciding right operand decides it, and an unknown leaves the result unknown.
    private func evaluateLogical(_ op: HCLBinaryOperator, _ left: HCLExpression, _ right: HCLExpression, of expression: HCLExpression)
        -> TerraformValue
    {
        let deciding = op == .or
        let lhs = evaluate(left)
        if !lhs.isUnknown {
            guard let flag = lhs.asBool else { return wrongOperand(lhs, "a bool", for: op.rawValue, at: left) }
            if flag == deciding { return TerraformValue.bool(deciding).sensitive(if: lhs.isSensitive) }
        }
        let rhs = evaluate(right)
        let sensitive = lhs.isSensitive || rhs.isSensitive
        if !rhs.isUnknown {
            guard let flag = rhs.asBool else { return wrongOperand(rhs, "a bool", for: op.rawValue, at: right) }
            if flag == deciding { return TerraformValue.bool(deciding).sensitive(if: sensitive) }
        }
        if lhs.isUnknown || rhs.isUnknown { return unknown(expression, from: lhs, rhs) }
        return TerraformValue.bool(!deciding).sensitive(if: sensitive)
    }

    /// `condition ? a : b`: an unknown condition gives the value both branches share, or an unknown.
    func evaluateConditional(
        _ condition: HCLExpression, _ whenTrue: HCLExpression, _ whenFalse: HCLExpression, of expression: HCLExpression
    ) -> TerraformValue {
        let test = evaluate(condition)
        if test.isUnknown {
            // Either branch may be the one apply takes: errors in the other are not this configuration's.
            var isolated = self
            isolated.sink = DiagnosticSink()
            let first = isolated.evaluate(whenTrue)
            let second = isolated.evaluate(whenFalse)
            if !first.containsUnknown && first == second { return first }
            return unknown(expression, from: test)
        }
        guard let flag = test.asBool else { return wrongOperand(test, "a bool", for: "the condition", at: condition) }
        return evaluate(flag ? whenTrue : whenFalse).sensitive(if: test.isSensitive)
    }

    private func wrongOperand(_ value: TerraformValue, _ expected: String, for what: String, at operand: HCLExpression)
        -> TerraformValue
    {
        let found = value.isNull ? "null" : value.isSensitive ? "a sensitive \(value.typeName)" : "\(value.typeName) \(value.rendered)"
        return failure(.terraformInvalidExpression, "\(what) needs \(expected), got \(found)", at: operand)
    }
}

extension TerraformValue {
    /// The value as a bool, converting `"true"`/`"false"` as Terraform does; nil for anything else.
    var asBool: Bool? { (try? converted(to: .bool))?.boolValue }

    /// The value as a number, converting numeric strings as Terraform does; nil for anything else.
    var asNumber: Double? { (try? converted(to: .number))?.numberValue }

    /// The value as a string, converting numbers and bools as Terraform does; nil for anything else.
    var asString: String? { (try? converted(to: .string))?.stringValue }
}
