import PostureModel

extension RuleEvaluator {
    /// The state of one evaluation: the resource, and inside a `count`, the element being counted.
    struct Context {
        let resource: Resource
        let index: ResourceIndex
        var element: (prefix: FieldPath, value: Value)?

        init(resource: Resource, index: ResourceIndex) {
            self.resource = resource
            self.index = index
        }

        mutating func evaluate(_ condition: Condition) -> Outcome {
            switch condition {
            case .allOf(let conditions):
                var outcomes: [Outcome] = []
                for condition in conditions {
                    let outcome = evaluate(condition)
                    if outcome.truth == .false { return outcome }
                    outcomes.append(outcome)
                }
                let truth = Truth.all(outcomes.map(\.truth))
                return Outcome(truth: truth, evidence: outcomes.first { $0.truth == truth }?.evidence ?? outcomes.last?.evidence)
            case .anyOf(let conditions):
                var outcomes: [Outcome] = []
                for condition in conditions {
                    let outcome = evaluate(condition)
                    if outcome.truth == .true { return outcome }
                    outcomes.append(outcome)
                }
                let truth = Truth.any(outcomes.map(\.truth))
                return Outcome(truth: truth, evidence: outcomes.first { $0.truth == truth }?.evidence ?? outcomes.first?.evidence)
            case .not(let inner):
                let outcome = evaluate(inner)
                return Outcome(truth: !outcome.truth, evidence: outcome.evidence)
            case .field(let path, let comparison):
                return evaluateField(path, comparison)
            case .count(let path, let filter, let comparison):
                return evaluateCount(path, filter, comparison)
            case .related(let clause):
                return evaluateRelated(clause)
            case .value(let value, let comparison):
                return Outcome(truth: comparison.evaluate(value), evidence: nil)
            }
        }

        /// The value a path reads: relative to the counted element when it walks into it, else the resource.
        private func resolve(_ path: FieldPath, unknownLeaves: Bool = false) -> Resolution {
            if let element, let relative = path.relative(to: element.prefix) {
                return relative.resolve(in: element.value, unknownLeaves: unknownLeaves)
            }
            return path.resolve(in: resource.body, unknownLeaves: unknownLeaves)
        }

        private func evaluateField(_ path: FieldPath, _ comparison: Operator) -> Outcome {
            switch resolve(path) {
            case .unknown(let value):
                // Even `exists` is undecided: an unknown value may turn out to be null, which ARM drops.
                return Outcome(truth: .unknown, evidence: Evidence(path: path.text, value: value))
            case .values(let values):
                // `[*]`: every element must satisfy the comparison (an empty array satisfies it vacuously).
                var sawUnknown: Evidence?
                for value in values {
                    switch comparison.evaluate(value) {
                    case .false: return Outcome(truth: .false, evidence: Evidence(path: path.text, value: value))
                    case .unknown: sawUnknown = sawUnknown ?? Evidence(path: path.text, value: value)
                    case .true: continue
                    }
                }
                if let sawUnknown { return Outcome(truth: .unknown, evidence: sawUnknown) }
                return Outcome(truth: .true, evidence: Evidence(path: path.text, value: values.count == 1 ? values[0] : nil))
            }
        }

        private mutating func evaluateCount(_ path: FieldPath, _ filter: Condition?, _ comparison: Operator) -> Outcome {
            let elements: [Value]
            switch resolve(path, unknownLeaves: true) {
            case .unknown(let value):
                return Outcome(truth: .unknown, evidence: Evidence(path: path.text, value: value))
            case .values(let values):
                elements = values.compactMap { $0 }
            }
            var matches = 0
            var undecided = 0
            var undecidedEvidence: Evidence?
            let saved = element
            for value in elements {
                guard let filter else { matches += 1; continue }
                element = (path, value)
                let outcome = evaluate(filter)
                switch outcome.truth {
                case .true: matches += 1
                case .unknown:
                    undecided += 1
                    undecidedEvidence = undecidedEvidence ?? outcome.evidence
                case .false: break
                }
            }
            element = saved
            let filtered = filter == nil ? "" : " match"
            let note =
                undecided > 0
                ? "\(matches) of \(elements.count) \(path.text)\(filtered), \(undecided) undecided"
                : "\(matches) of \(elements.count) \(path.text)\(filtered)"
            let evidence = Evidence(
                path: path.text, value: resolveWhole(path), note: filter == nil ? "\(path.text) has \(elements.count)" : note)
            let lowest = comparison.evaluate(Value(.integer(Int64(matches))))
            guard undecided > 0 else { return Outcome(truth: lowest, evidence: evidence) }
            // Every count between `matches` and `matches + undecided` is possible: known only if all agree.
            let highest = comparison.evaluate(Value(.integer(Int64(matches + undecided))))
            if lowest == highest, lowest != .unknown,
                (matches...(matches + undecided)).allSatisfy({ comparison.evaluate(Value(.integer(Int64($0)))) == lowest })
            {
                return Outcome(truth: lowest, evidence: evidence)
            }
            return Outcome(truth: .unknown, evidence: undecidedEvidence ?? evidence)
        }

        /// The collection a `[*]` path walks, for evidence: the path up to its last `[*]`.
        private func resolveWhole(_ path: FieldPath) -> Value? {
            guard let last = path.segments.lastIndex(of: .everyElement) else { return nil }
            let collection = FieldPath(segments: Array(path.segments[..<last]), text: path.text)
            if case .values(let values) = resolve(collection), values.count == 1 { return values[0] }
            return nil
        }

        private func evaluateRelated(_ clause: RelatedClause) -> Outcome {
            var sawUnknown = false
            for candidate in index.resources(ofType: clause.type) {
                var refersHere = Truth.false
                switch clause.path.resolve(in: candidate.body, unknownLeaves: true) {
                case .unknown: refersHere = .unknown
                case .values(let values):
                    let references = values.compactMap { $0 }
                    if references.contains(where: { $0.stringValue?.caseInsensitiveEquals(resource.id) == true }) {
                        refersHere = .true
                    } else if references.contains(where: \.isUnknown) {
                        refersHere = .unknown
                    }
                }
                var matches = refersHere
                if refersHere != .false, let condition = clause.condition {
                    var nested = Context(resource: candidate, index: index)
                    matches = Truth.all([refersHere, nested.evaluate(condition).truth])
                }
                if matches == .true {
                    return Outcome(truth: .true, evidence: Evidence(path: nil, value: nil))
                }
                if matches == .unknown { sawUnknown = true }
            }
            return Outcome(truth: sawUnknown ? .unknown : .false, evidence: Evidence(path: nil, value: nil))
        }
    }
}
