import PostureModel

extension RuleEvaluator.Context {
    /// `related`: a resource of the clause's type, in the same deployment, linked to this one (it holds this
    /// resource's id at `path`, or this resource holds its id at `via`) and satisfying `where`.
    func evaluateRelated(_ clause: RelatedClause) -> Outcome {
        var sawUnknown = false
        let candidates = Array(index.resources(ofType: clause.type))
        // No resource of the type in the deployment: none can be linked, whatever this one holds.
        guard !candidates.isEmpty else { return Outcome(truth: .false, evidence: Evidence(path: nil, value: nil)) }
        // `via`: the ids this resource holds, unknown when the input does not say.
        var heldIDs: [Value] = []
        if case .via(let path) = clause.link {
            switch path.resolve(in: resource.body, unknownLeaves: true) {
            case .unknown: return Outcome(truth: .unknown, evidence: Evidence(path: path.text, value: nil))
            case .values(let values): heldIDs = values.compactMap { $0 }
            }
        }
        for candidate in candidates {
            var linked = Truth.false
            switch clause.link {
            case .path(let path):
                linked = Self.refers(path.resolve(in: candidate.body, unknownLeaves: true), to: resource.id)
            case .via:
                linked = Self.refers(.values(heldIDs), to: candidate.id)
            }
            var matches = linked
            if linked != .false, let condition = clause.condition {
                var nested = RuleEvaluator.Context(resource: candidate, index: index)
                matches = Truth.all([linked, nested.evaluate(condition).truth])
            }
            if matches == .true { return Outcome(truth: .true, evidence: Evidence(path: nil, value: nil)) }
            if matches == .unknown { sawUnknown = true }
        }
        return Outcome(truth: sawUnknown ? .unknown : .false, evidence: Evidence(path: nil, value: nil))
    }

    /// Whether the references a path found include `id` (ids compare case-insensitively); unknown when one of them
    /// is not known.
    private static func refers(_ resolution: Resolution, to id: String) -> Truth {
        switch resolution {
        case .unknown: return .unknown
        case .values(let values):
            let references = values.compactMap { $0 }
            if references.contains(where: { $0.stringValue?.caseInsensitiveEquals(id) == true }) { return .true }
            return references.contains(where: \.isUnknown) ? .unknown : .false
        }
    }
}
