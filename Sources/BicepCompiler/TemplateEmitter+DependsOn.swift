import BicepSyntax

extension TemplateEmitter {
    private struct Entry {
        var key: String
        var resource: Int
        var index: ARMExpression?
        /// The index syntax it came from: the compiler keeps one entry per distinct index syntax, so two `m[i]` in
        /// two places give two equal entries.
        var syntax: Expression?
    }

    /// The `dependsOn` entries of a resource: resource ids (the copy name for a whole loop), sorted by symbolic
    /// name as the compiler sorts them.
    func dependsOn(_ index: Int) throws(CompileFailure) -> [String] {
        let references = DependencyCollector.references(
            ofResource: index, in: model, visibleChildren: converter.visibleChildren(of: index))
        let environment = try converter.environment(of: index, index: nil)
        var entries: [Entry] = []
        // Variables already followed: their entries are the same on every path (and equal entries are kept once),
        // and following each path again would be exponential in a chain of variables that each read the one
        // before twice.
        var followedVariables: Set<String> = []
        for reference in references {
            try gather(reference, environment, depth: 0, allCopyIndex: true, visiting: [], into: &entries, followed: &followedVariables)
        }
        var grouped: [Int: [Entry]] = [:]
        var order: [Int] = []
        for entry in entries {
            if grouped[entry.resource] == nil { order.append(entry.resource) }
            grouped[entry.resource, default: []].append(entry)
        }
        var kept: [Entry] = []
        for resource in order {
            let group = grouped[resource] ?? []
            if let whole = group.first(where: { $0.index == nil }) {
                kept.append(whole)
                continue
            }
            var seen: Set<Expression?> = []
            for entry in group where seen.insert(entry.syntax).inserted { kept.append(entry) }
        }
        let sorted = kept.enumerated().sorted { lhs, rhs in
            let left = lhs.element.key.lowercased()
            let right = rhs.element.key.lowercased()
            if left != right { return left < right }
            if lhs.element.key != rhs.element.key { return lhs.element.key > rhs.element.key }
            return lhs.offset < rhs.offset
        }
        var result: [String] = []
        for (_, entry) in sorted {
            if symbolicNames {
                result.append(converter.symbolicReference(entry.resource, index: entry.index).templateString)
            } else if converter.isCollection(entry.resource), entry.index == nil {
                result.append(model.resources[entry.resource].symbolicName)
            } else {
                result.append(try converter.resourceID(entry.resource, index: entry.index).templateString)
            }
        }
        return result
    }

    private func gather(
        _ reference: DependencyReference, _ environment: Environment, depth: Int, allCopyIndex: Bool, visiting: Set<DependencyTarget>,
        into entries: inout [Entry], followed: inout Set<String>
    ) throws(CompileFailure) {
        guard !visiting.contains(reference.target) else { return }
        switch reference.target {
        case .resource(let resource):
            var index: ARMExpression?
            if converter.isCollection(resource), let syntax = reference.index {
                index = try converter.convert(syntax, environment)
            }
            if depth > 0, let converted = index, converted.containsCopyIndex, !allCopyIndex { index = nil }
            let symbol = model.resources[resource]
            // languageVersion 2.0 templates hold `existing` resources: a reference that reads one depends on it.
            guard symbol.syntax.isExisting, !(symbolicNames && !reference.weak) else {
                entries.append(Entry(key: symbol.symbolicName, resource: resource, index: index, syntax: reference.index))
                return
            }
            let inner = try converter.environment(of: resource, index: index)
            let next = allCopyIndex && (index?.containsCopyIndex ?? false)
            for transitive in DependencyCollector.references(
                ofResource: resource, in: model, visibleChildren: converter.visibleChildren(of: resource))
            {
                try gather(
                    transitive, inner, depth: depth + 1, allCopyIndex: next, visiting: visiting.union([reference.target]), into: &entries,
                    followed: &followed)
            }
        case .variable(let name):
            guard let variable = model.variables[name], followed.insert(name).inserted else { return }
            for transitive in DependencyCollector.references(ofVariable: variable.value, in: model) {
                try gather(
                    transitive, .empty, depth: depth + 1, allCopyIndex: false, visiting: visiting.union([reference.target]), into: &entries,
                    followed: &followed)
            }
        case .module(let name):
            throw .unsupported("a dependency on the module '\(name)'", at: model.symbols[name]?.range, in: file)
        }
    }
}
