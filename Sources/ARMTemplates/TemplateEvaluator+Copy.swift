import SourceModel
import LocatedJSON
import PostureModel

extension TemplateEvaluator {
    /// The number of iterations of a copy loop: known and within ARM's limit, or the reason it is not.
    enum CopyCount {
        case known(Int64)
        case unknown(Value)
        case invalid
    }

    func copyCount(_ node: JSONValue?, loop: String, at position: SourcePosition) -> CopyCount {
        guard let node else {
            report(Diagnostic(.invalidTemplate, at: location(position), "expected a 'count' in copy loop '\(loop)'"))
            return .invalid
        }
        let value = evaluate(node)
        if value.isUnknown { return .unknown(value) }
        guard let number = value.numberValue, number.rounded() == number else {
            report(Diagnostic(.invalidTemplate, at: location(node.position), "expected copy loop '\(loop)' to count with an integer, found \(value.kindName)"))
            return .invalid
        }
        guard number >= 0, number <= Double(EvaluationSession.maximumCopyCount) else {
            report(Diagnostic(.invalidTemplate, at: location(node.position), "copy loop '\(loop)' has count \(Int64(number)); ARM allows 0 to \(EvaluationSession.maximumCopyCount)"))
            return .invalid
        }
        return .known(Int64(number))
    }

    /// Runs `body` once per iteration with `copyIndex(loop)` bound.
    func iterate<Result>(_ loop: String, count: Int64, alsoUnnamed: Bool = false, _ body: () -> Result) -> [Result] {
        let saved = copyIndices
        defer { copyIndices = saved }
        var results: [Result] = []
        results.reserveCapacity(Int(count))
        for index in 0..<count where !session.exhausted {
            copyIndices[loop.lowercased()] = Value(.integer(index))
            if alsoUnnamed { copyIndices[""] = Value(.integer(index)) }
            results.append(body())
        }
        return results
    }

    /// Runs `body` once for a loop whose count is unknown: `copyIndex()` is unknown inside it.
    func withUnknownIndex<Result>(_ loop: String, count: Value, _ body: () -> Result) -> Result {
        let saved = copyIndices
        defer { copyIndices = saved }
        let index = Value.unknown("[copyIndex('\(loop)')]", reason: "the copy loop '\(loop)' has a count known only at deployment (\(count.unknown?.reason ?? "unknown"))")
        copyIndices[loop.lowercased()] = index
        copyIndices[""] = index
        return body()
    }

    /// A `copy` array inside an object: each `{name, count, input}` becomes the member `name`, an array of
    /// `input` evaluated `count` times with `copyIndex('name')`.
    /// - Parameter bindsUnnamed: also answer `copyIndex()` without a loop name, as variable and output copy
    ///   loops allow (a property copy inside a resource must name its loop).
    func propertyCopies(_ loops: [JSONValue], at position: SourcePosition, bindsUnnamed: Bool = false) -> [Value.Member] {
        var members: [Value.Member] = []
        for loop in loops {
            guard let name = loop[member: "name"]?.stringValue, let input = loop[member: "input"] else {
                report(Diagnostic(.invalidTemplate, at: location(loop.position), "expected 'name' and 'input' in this copy loop"))
                continue
            }
            let here = location(loop.position)
            switch copyCount(loop[member: "count"], loop: name, at: loop.position) {
            case .known(let count):
                let elements = iterate(name, count: count, alsoUnnamed: bindsUnnamed) { evaluate(input) }
                members.append(Value.Member(key: name, value: Value(.array(elements), location: here)))
            case .unknown(let count):
                members.append(Value.Member(key: name, value: .unknown("[copy '\(name)']", reason: "the number of copies is known only at deployment (\(count.unknown!.reason))", at: here)))
            case .invalid:
                members.append(Value.Member(key: name, value: .unknown("[copy '\(name)']", reason: "the copy loop is invalid", at: here)))
            }
        }
        return members
    }

    /// `copyIndex([loopName], [offset])`.
    func copyIndex(_ values: [Value], in context: Context) -> Value {
        var loop = ""
        var offset: Int64 = 0
        for value in values {
            if let name = value.stringValue { loop = name.lowercased() }
            else if case .integer(let number) = value.kind { offset = number }
            else if value.isUnknown { return context.unknown(value.unknown!.reason) }
        }
        guard let current = copyIndices[loop] else {
            report(Diagnostic(.invalidExpression, .warning, at: context.location, loop.isEmpty
                ? "copyIndex() is used outside a copy loop in \(context.text)"
                : "copyIndex('\(loop)') names no enclosing copy loop in \(context.text)"))
            return context.unknown("copyIndex() outside its copy loop")
        }
        guard case .integer(let index) = current.kind else { return context.unknown(current.unknown?.reason ?? "copyIndex() is unknown") }
        return Value(.integer(index &+ offset), location: context.location)
    }
}
