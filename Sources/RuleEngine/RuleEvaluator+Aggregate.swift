import PostureModel

extension RuleEvaluator.Context {
    /// `resources:`: how many resources of the clause's type in this resource's scope satisfy `where`, against
    /// `some`, `none` or a count operator. A resource whose `where` is unknown may or may not count; a type not
    /// completely read may have more matches than were found. The verdict is known only when every possible count
    /// gives the same answer.
    func evaluateAggregate(_ clause: AggregateClause) -> Outcome {
        let candidates = clause.types.flatMap(scope(of:))
        var matches = 0
        var undecided = 0
        var undecidedEvidence: Evidence?
        for position in candidates {
            guard let condition = clause.condition else {
                matches += 1
                continue
            }
            var nested = RuleEvaluator.Context(resource: index.resources[position], index: index)
            let outcome = nested.evaluate(condition)
            switch outcome.truth {
            case .true: matches += 1
            case .false: break
            case .unknown:
                undecided += 1
                undecidedEvidence = undecidedEvidence ?? outcome.evidence
            }
        }
        let comparison: Operator
        switch clause.quantifier {
        case .some: comparison = .greaterOrEquals(Value(.integer(1)))
        case .none: comparison = .equals(Value(.integer(0)))
        case .count(let counted): comparison = counted
        }
        let gaps = clause.types.compactMap { type -> String? in
            guard case .incomplete(let reason) = index.coverage(of: type) else { return nil }
            return "not every \(type.name) was read (\(reason))"
        }
        let highest: Int? = gaps.isEmpty ? matches + undecided : nil
        let truth = Self.decide(comparison, lowest: matches, highest: highest)
        let filter = clause.condition.map { " match \($0.summary())" } ?? " in scope"
        var note = "\(matches) of \(candidates.count) \(clause.typeNames)\(filter)"
        if undecided > 0 { note += ", \(undecided) undecided" }
        if truth == .unknown, !gaps.isEmpty {
            let unread = "\(gaps.joined(separator: "; ")), and \(note) among those read"
            return Outcome(truth: .unknown, evidence: Evidence(path: nil, value: nil, note: note, unread: unread))
        }
        if truth == .unknown, let undecidedEvidence { return Outcome(truth: .unknown, evidence: undecidedEvidence) }
        return Outcome(truth: truth, evidence: Evidence(path: nil, value: nil, note: note))
    }

    /// Positions of the resources of `type` in this resource's scope: the whole unit for a tenant, else those
    /// whose id is under this resource's id.
    private func scope(of type: ResourceType) -> [Int] {
        if resource.type == .tenant { return index.byType[type] ?? [] }
        return index.resources(ofType: type, under: resource.id)
    }

    /// The comparison's verdict when the count is anywhere from `lowest` to `highest` (unbounded when nil): known
    /// when every count in the range agrees. Numeric comparisons change only next to their operands, so those
    /// counts, the ends and one beyond every operand stand for the whole range.
    static func decide(_ comparison: Operator, lowest: Int, highest: Int?) -> Truth {
        var counts: Set<Int> = [lowest]
        if let highest { counts.insert(highest) }
        var beyond = lowest
        for operand in comparison.countOperands {
            guard let number = operand.numberValue, number.isFinite, abs(number) < 1e15 else { return .unknown }
            let floor = Int(number.rounded(.down))
            let ceiling = Int(number.rounded(.up))
            counts.formUnion([floor - 1, floor, ceiling, ceiling + 1])
            beyond = max(beyond, ceiling + 1)
        }
        if highest == nil { counts.insert(beyond) }
        let inRange = counts.filter { $0 >= lowest && $0 <= (highest ?? Int.max) }
        let verdicts = Set(inRange.map { comparison.evaluate(Value(.integer(Int64($0)))) })
        return verdicts.count == 1 ? verdicts.first ?? .unknown : .unknown
    }
}
