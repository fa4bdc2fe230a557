/// Which scanned templates another scanned template uses as a local module. A module file is judged inside the
/// template that uses it, so it is not judged again on its own; but while the user cannot be compiled (modules are
/// not supported by the compiler yet, or the user has errors), the module file is judged on its own, so that its
/// resources are not lost.
struct ModuleCoverage {
    /// Module file (key) → the first template that uses it and compiled.
    private var compiledUsers: [String: String] = [:]
    /// Module file (key) → the first template that uses it and did not compile.
    private var failedUsers: [String: String] = [:]

    init(templates: [BicepSource], compiled: [Bool]) {
        for (source, didCompile) in zip(templates, compiled) {
            let user = BicepSource.key(source.file)
            for module in source.localModules where module != user {
                if didCompile {
                    if compiledUsers[module] == nil { compiledUsers[module] = source.file }
                } else if failedUsers[module] == nil {
                    failedUsers[module] = source.file
                }
            }
        }
    }

    /// A template that compiled and uses `file` as a module, if any: then `file` is judged through it.
    func compiledUser(of file: String) -> String? {
        compiledUsers[BicepSource.key(file)]
    }

    /// A template that uses `file` as a module but did not compile, when no compiled one does.
    func failedUser(of file: String) -> String? {
        let key = BicepSource.key(file)
        return compiledUsers[key] == nil ? failedUsers[key] : nil
    }
}
