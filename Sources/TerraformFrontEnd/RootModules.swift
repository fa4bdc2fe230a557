import PostureModel
import SourceModel

/// Which scanned folders are Terraform root modules: folders with `.tf` or `.tf.json` files that no other scanned
/// folder calls as a local module. A folder named by one of its files on the command line is a root whoever calls it,
/// and folders that only call each other (a loop no root reaches) are roots too, so nothing is silently left out.
struct RootModules {
    /// Root module folders, in discovery order.
    var roots: [String] = []
    /// A note for each folder evaluated through its caller rather than on its own.
    var notes: [Diagnostic] = []

    static func find(_ files: [InputFile]) -> RootModules {
        var order: [String] = []
        var filesByFolder: [String: [String]] = [:]
        var explicit: Set<String> = []
        for file in files where TerraformFiles.isConfiguration(file.path) {
            let folder = TerraformFiles.folder(of: file.path)
            if filesByFolder[folder] == nil { order.append(folder) }
            filesByFolder[folder, default: []].append(file.path)
            if file.isExplicit { explicit.insert(folder) }
        }
        var calls: [String: [String]] = [:]
        var callers: [String: [String]] = [:]
        for folder in order {
            let called = ModuleCalls.localSources(in: filesByFolder[folder] ?? []).filter { $0 != folder && filesByFolder[$0] != nil }
            calls[folder] = called
            for target in called { callers[target, default: []].append(folder) }
        }
        var found = RootModules()
        var isRoot = Set(order.filter { explicit.contains($0) || callers[$0] == nil })
        var reached = reach(from: order.filter { isRoot.contains($0) }, calls: calls)
        // A loop of folders calling each other that no root reaches: each is evaluated on its own.
        for folder in order where !reached.contains(folder) {
            isRoot.insert(folder)
            reached.formUnion(reach(from: [folder], calls: calls))
        }
        found.roots = order.filter { isRoot.contains($0) }
        for folder in order where !isRoot.contains(folder) {
            let caller = callers[folder]?.first ?? "?"
            found.notes.append(
                Diagnostic(
                    .terraformModuleFolder, .note, file: filesByFolder[folder]?.first ?? folder,
                    "skipped as a root module: \(caller) calls this folder as a local module, so it is evaluated there with its inputs"))
        }
        return found
    }

    private static func reach(from starts: [String], calls: [String: [String]]) -> Set<String> {
        var seen = Set(starts)
        var queue = starts
        while let next = queue.popLast() {
            for called in calls[next] ?? [] where seen.insert(called).inserted { queue.append(called) }
        }
        return seen
    }
}
