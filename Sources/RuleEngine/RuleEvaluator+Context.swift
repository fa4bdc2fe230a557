import PostureModel

extension RuleEvaluator {
    /// The state of one evaluation: the resource, and inside a `count`, the element being counted.
    struct Context {
        let resource: Resource
        let index: ResourceIndex
        /// The rule's service defaults, read where the resource leaves a property out.
        let defaults: [FieldDefault]
        var element: (prefix: FieldPath, value: Value)?

        init(resource: Resource, index: ResourceIndex, defaults: [FieldDefault] = []) {
            self.resource = resource
            self.index = index
            self.defaults = defaults
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
                guard truth == .false else {
                    return Outcome(truth: truth, evidence: outcomes.first { $0.truth == truth }?.evidence ?? outcomes.first?.evidence)
                }
                // Every alternative failed. Rules write exemptions first (`sku.name notIn [Standard, Premium]`,
                // `publicNetworkAccess equals Disabled`) and the setting that fixes the resource last, so the last
                // alternative is the one to cite.
                return Outcome(truth: .false, evidence: outcomes.last?.evidence)
            case .not(let inner):
                let outcome = evaluate(inner)
                return Outcome(truth: !outcome.truth, evidence: outcome.evidence)
            case .field(let path, let comparison):
                return evaluateField(path, comparison)
            case .count(let path, let filter, let comparison):
                return evaluateCount(path, filter, comparison)
            case .related(let clause):
                return evaluateRelated(clause)
            case .aggregate(let clause):
                return evaluateAggregate(clause)
            case .value(let value, let comparison):
                return Outcome(truth: comparison.evaluate(value), evidence: nil)
            }
        }

        /// The value a path reads: relative to the counted element when it walks into it, else the resource.
        func resolve(_ path: FieldPath, unknownLeaves: Bool = false) -> Resolution {
            if let element, let relative = path.relative(to: element.prefix) {
                return relative.resolve(in: element.value, unknownLeaves: unknownLeaves)
            }
            return path.resolve(in: resource.body, unknownLeaves: unknownLeaves)
        }

        private func evaluateField(_ path: FieldPath, _ comparison: Operator) -> Outcome {
            if let defaulted = serviceDefault(of: path) {
                let note = "\(path.text) is not set, and the service default is \(defaulted.description)"
                return Outcome(
                    truth: comparison.evaluate(defaulted.value.relocated(to: resource.source)),
                    evidence: Evidence(path: path.text, value: nil, note: note))
            }
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
            let evidence: Evidence
            if elements.isEmpty, let missing = absentPrefix(of: path) {
                // Nothing to count because the collection, or an object above it, is not there at all.
                evidence = Evidence(path: missing, value: nil, note: "\(missing) is not set")
            } else if let filter {
                evidence = Evidence(
                    path: path.text, value: resolveWhole(path), matches: matches, of: elements.count, undecided: undecided,
                    path: path, filter: filter)
            } else {
                evidence = Evidence(path: path.text, value: resolveWhole(path), note: "\(path.text) has \(elements.count)")
            }
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

        /// The service default of `path` when the resource leaves it out (absent or null) and the rule gives one for
        /// the resource's API version. Paths inside a counted element have none.
        private func serviceDefault(of path: FieldPath) -> FieldDefault? {
            guard !defaults.isEmpty, element.flatMap({ path.relative(to: $0.prefix) }) == nil else { return nil }
            guard case .values(let values) = resolve(path), values.count == 1, values[0]?.isNull ?? true else { return nil }
            return defaults.value(of: path, apiVersion: resource.apiVersion)
        }

        /// The shortest leading part of a counted path (`properties.managedNetwork` of
        /// `properties.managedNetwork.outboundRules[*]`), below the top-level member, that the resource does not have,
        /// for evidence; nil when the collection is there, or the path walks another collection first.
        private func absentPrefix(of path: FieldPath) -> String? {
            guard let last = path.segments.lastIndex(of: .everyElement), !path.segments[..<last].contains(.everyElement) else { return nil }
            var names: [String] = []
            for segment in path.segments[..<last] {
                guard case .member(let name) = segment else { return nil }
                names.append(name)
                // `properties` alone is every resource's envelope: name the member under it.
                if names.count == 1, last > 1 { continue }
                let prefix = FieldPath(segments: names.map(FieldPath.Segment.member), text: names.joined(separator: "."))
                if case .values(let values) = resolve(prefix), values.allSatisfy({ $0?.isNull ?? true }) { return prefix.text }
            }
            return nil
        }

        /// The collection a `[*]` path walks, for evidence: the path up to its last `[*]`.
        private func resolveWhole(_ path: FieldPath) -> Value? {
            guard let last = path.segments.lastIndex(of: .everyElement) else { return nil }
            let collection = FieldPath(segments: Array(path.segments[..<last]), text: path.text)
            if case .values(let values) = resolve(collection), values.count == 1 { return values[0] }
            return nil
        }
    }
}
