import SourceModel
import PostureModel

extension TemplateEvaluator {
    /// The unknown to return instead of calling `function` when its arguments together are larger than
    /// ``EvaluationLimits/maximumValueBytes`` (what `concat()` or `union()` would build from them could be), or
    /// when the session's byte budget is spent; nil when the call may go ahead.
    func refusingOversizedArguments(_ values: [Value], of function: String, in context: Context) -> Value? {
        let limit = EvaluationLimits.maximumValueBytes
        var total = 0
        for value in values {
            total += session.measure(value, limit: limit - total)
            if total > limit { return tooLarge("the arguments of \(function)() are", in: context) }
        }
        guard session.withinByteBudget(at: context.location) else { return context.unknown("evaluation stopped: too much data") }
        return nil
    }

    /// `value`, or an unknown (and an error) when it is larger than ``EvaluationLimits/maximumValueBytes`` or the
    /// session's byte budget is spent. `what` names the value in the message ("the result of concat() is").
    func bounded(_ value: Value, _ what: @autoclosure () -> String, in context: Context) -> Value {
        if value.isUnknown { return value }
        if session.measure(value) > EvaluationLimits.maximumValueBytes { return tooLarge(what(), in: context) }
        guard session.withinByteBudget(at: context.location) else { return context.unknown("evaluation stopped: too much data") }
        return value
    }

    /// A variable's or parameter's value once evaluated, bounded like a function result and located at its
    /// definition.
    func boundedDefinition(_ value: Value, kind: String, name: String, in context: Context) -> Value {
        var here = context
        if let location = value.location { here.location = location }
        return bounded(value, "the value of \(kind) '\(name)' is", in: here)
    }

    private func tooLarge(_ what: String, in context: Context) -> Value {
        let limit = EvaluationLimits.maximumValueBytes
        session.reportAlways(
            Diagnostic(
                .invalidTemplate, at: context.location,
                "\(what) larger than \(EvaluationLimits.megabytes(limit)) in \(context.text): ARM refuses a template whose "
                    + "expanded values exceed \(EvaluationLimits.megabytes(limit)); the value is not evaluated"))
        return context.unknown("the value would be larger than \(EvaluationLimits.megabytes(limit))")
    }
}
