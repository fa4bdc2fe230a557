import PostureModel
import Synchronization

/// The lookups of one ``ResourceIndex``, built on first use under a lock and read-only after: evaluations running
/// at the same time share them.
final class IndexLookups: Sendable {
    struct PathKey: Hashable, Sendable {
        let type: ResourceType
        let path: FieldPath
    }

    /// For one (type, path): the candidates holding each id at the path (keyed ASCII lower-cased), and those whose
    /// value there is not known (they may hold any id).
    struct References: Sendable {
        var byID: [String: [Int]] = [:]
        var undecided: [Int] = []
    }

    let references = Mutex<[PathKey: References]>([:])
    let ids = Mutex<[ResourceType: [String: [Int]]]>([:])
    /// Per type, the resources sorted by lower-cased id bytes: those under an id are one contiguous run.
    let sortedIDs = Mutex<[ResourceType: [(id: [UInt8], index: Int)]]>([:])
}

extension ResourceIndex {
    /// The resources of `type` whose value at `path` refers to `id` (`linked`), and those whose value there is not
    /// known (`undecided`, without the linked ones), as positions in ``resources``.
    func referrers(ofType type: ResourceType, at path: FieldPath, to id: String) -> (linked: [Int], undecided: [Int]) {
        let table = lookups.references.withLock { tables in
            let key = IndexLookups.PathKey(type: type, path: path)
            if let table = tables[key] { return table }
            let table = buildReferences(type, path)
            tables[key] = table
            return table
        }
        let linked = table.byID[id.asciiLowercased] ?? []
        guard !table.undecided.isEmpty else { return (linked, []) }
        let linkedSet = Set(linked)
        return (linked, table.undecided.filter { !linkedSet.contains($0) })
    }

    /// The resources of `type` whose id is one of `ids` (case-insensitively), as positions in ``resources``.
    func resources(ofType type: ResourceType, withIDs wanted: [String]) -> [Int] {
        let table = lookups.ids.withLock { tables in
            if let table = tables[type] { return table }
            var table: [String: [Int]] = [:]
            for position in byType[type] ?? [] { table[resources[position].id.asciiLowercased, default: []].append(position) }
            tables[type] = table
            return table
        }
        var found: [Int] = []
        for id in Set(wanted.map(\.asciiLowercased)) { found += table[id] ?? [] }
        return found.sorted()
    }

    /// The resources of `type` whose id is under `scopeID` (`{scopeID}/...`, case-insensitively).
    func resources(ofType type: ResourceType, under scopeID: String) -> [Int] {
        let prefix = Array((scopeID.asciiLowercased + "/").utf8)
        guard links == .indexed else {
            return (byType[type] ?? []).filter { Array(resources[$0].id.asciiLowercased.utf8).starts(with: prefix) }
        }
        let sorted = lookups.sortedIDs.withLock { tables in
            if let table = tables[type] { return table }
            let table = (byType[type] ?? []).map { (id: Array(resources[$0].id.asciiLowercased.utf8), index: $0) }
                .sorted { $0.id.lexicographicallyPrecedes($1.id) }
            tables[type] = table
            return table
        }
        // The first id not before the prefix; the run of ids starting with it follows.
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].id.lexicographicallyPrecedes(prefix) { low = middle + 1 } else { high = middle }
        }
        var found: [Int] = []
        while low < sorted.count, sorted[low].id.starts(with: prefix) {
            found.append(sorted[low].index)
            low += 1
        }
        return found.sorted()
    }

    private func buildReferences(_ type: ResourceType, _ path: FieldPath) -> IndexLookups.References {
        var table = IndexLookups.References()
        for position in byType[type] ?? [] {
            switch path.resolve(in: resources[position].body, unknownLeaves: true) {
            case .unknown: table.undecided.append(position)
            case .values(let values):
                let references = values.compactMap { $0 }
                var held: Set<String> = []
                for reference in references {
                    if let text = reference.stringValue { held.insert(text.asciiLowercased) }
                }
                for id in held { table.byID[id, default: []].append(position) }
                if references.contains(where: \.isUnknown) { table.undecided.append(position) }
            }
        }
        return table
    }
}

extension String {
    /// ASCII letters lower-cased, everything else as it is: the key that matches `caseInsensitiveEquals`.
    var asciiLowercased: String {
        String(decoding: utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
