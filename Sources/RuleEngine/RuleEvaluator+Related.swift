import PostureModel

extension RuleEvaluator.Context {
    /// `related`: a resource of the clause's type, in the same deployment, linked to this one (it holds this
    /// resource's id at `path`, or this resource holds its id at `via`) and satisfying `where`. A match found is
    /// true whatever else was read; when none is found and the type was not completely read, unknown.
    func evaluateRelated(_ clause: RelatedClause) -> Outcome {
        let truth: Truth
        switch clause.link {
        // No resource of the type was read: none can be linked, whatever this one holds.
        case _ where (index.byType[clause.type] ?? []).isEmpty: truth = .false
        case .path(let path): truth = relatedByPath(clause, path)
        case .via(let path):
            switch path.resolve(in: resource.body, unknownLeaves: true) {
            case .unknown: return Outcome(truth: .unknown, evidence: Evidence(path: path.text, value: nil))
            case .values(let values): truth = relatedVia(clause, held: values.compactMap { $0 })
            }
        }
        if truth != .true, case .incomplete(let reason) = index.coverage(of: clause.type) {
            let unread = "not every \(clause.type.name) was read (\(reason)), so a related one may exist"
            return Outcome(truth: .unknown, evidence: Evidence(path: nil, value: nil, unread: unread))
        }
        return Outcome(truth: truth, evidence: Evidence(path: nil, value: nil))
    }

    private func relatedByPath(_ clause: RelatedClause, _ path: FieldPath) -> Truth {
        guard index.links == .indexed else {
            return scanCandidates(clause) { Self.refers(path.resolve(in: $0.body, unknownLeaves: true), to: resource.id) }
        }
        let (linked, undecided) = index.referrers(ofType: clause.type, at: path, to: resource.id)
        return judge(clause, linked: linked, undecided: undecided)
    }

    private func relatedVia(_ clause: RelatedClause, held: [Value]) -> Truth {
        // An id the input does not know may be any candidate's: only a scan can weigh each of them.
        guard index.links == .indexed, !held.contains(where: \.isUnknown) else {
            return scanCandidates(clause) { Self.refers(.values(held), to: $0.id) }
        }
        let ids = held.compactMap(\.stringValue)
        return judge(clause, linked: index.resources(ofType: clause.type, withIDs: ids), undecided: [])
    }

    /// True when a linked candidate satisfies `where`; unknown when one may (an undecided link, or an unknown
    /// `where`); else false.
    private func judge(_ clause: RelatedClause, linked: [Int], undecided: [Int]) -> Truth {
        var sawUnknown = false
        for (position, link) in linked.map({ ($0, Truth.true) }) + undecided.map({ ($0, Truth.unknown) }) {
            let matches = matching(clause, index.resources[position], linked: link)
            if matches == .true { return .true }
            if matches == .unknown { sawUnknown = true }
        }
        return sawUnknown ? .unknown : .false
    }

    /// The reference evaluation: every candidate of the type, its link decided by `link`.
    private func scanCandidates(_ clause: RelatedClause, link: (Resource) -> Truth) -> Truth {
        var sawUnknown = false
        for candidate in index.resources(ofType: clause.type) {
            let linked = link(candidate)
            guard linked != .false else { continue }
            let matches = matching(clause, candidate, linked: linked)
            if matches == .true { return .true }
            if matches == .unknown { sawUnknown = true }
        }
        return sawUnknown ? .unknown : .false
    }

    private func matching(_ clause: RelatedClause, _ candidate: Resource, linked: Truth) -> Truth {
        guard let condition = clause.condition else { return linked }
        var nested = RuleEvaluator.Context(resource: candidate, index: index)
        return Truth.all([linked, nested.evaluate(condition).truth])
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
