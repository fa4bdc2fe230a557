import Foundation
import HCLSyntax
import LocatedJSON
import SourceModel
import TerraformModel

/// What one evaluation of a root module shares across its modules: the function library, the resource identifier,
/// the diagnostics, the installed modules and the folders already read.
final class EvaluationSession {
    /// The most instances one `count`, `for_each` or `dynamic` block expands to.
    static let maximumInstances = 10_000
    /// How deep module calls may nest.
    static let maximumModuleDepth = 32

    let functions: any TerraformFunctionLibrary
    let identifier: (any TerraformResourceIdentifier)?
    let rootDirectory: String
    let sink = DiagnosticSink()
    let budget = EvaluationBudget()
    private var declarationsByDirectory: [String: ModuleDeclarations] = [:]
    private(set) var filesRead: [String] = []
    private var filesSeen: Set<String> = []
    /// `.terraform/modules/modules.json`: module keys (`a.b`) to the folders `terraform init` installed them in.
    let installedModules: [String: String]
    /// How many locals, resources, module calls and outputs are being evaluated, one inside the other.
    var referencesInProgress = 0
    /// The providers' major versions from the root module's `required_providers`.
    var rootProviderVersions: [String: Int] = [:]

    init(functions: any TerraformFunctionLibrary, identifier: (any TerraformResourceIdentifier)?, rootDirectory: String) {
        self.functions = functions
        self.identifier = identifier
        self.rootDirectory = rootDirectory
        installedModules = Self.readInstalledModules(rootDirectory: rootDirectory)
    }

    func noteFileRead(_ file: String) {
        if filesSeen.insert(file).inserted { filesRead.append(file) }
    }

    /// A constant-expression evaluator (no references) for type defaults, tfvars values and flags.
    func constants(moduleDirectory: String) -> ExpressionEvaluator {
        ExpressionEvaluator(
            bindings: [:], references: nil, functions: functions,
            context: TerraformFunctionContext(moduleDirectory: moduleDirectory, rootDirectory: rootDirectory), sink: sink,
            budget: budget)
    }

    /// The declarations of the module in `directory`, read once however many calls use it.
    func declarations(of directory: String) -> ModuleDeclarations {
        if let cached = declarationsByDirectory[directory] { return cached }
        let loader = ModuleLoader(constants: constants(moduleDirectory: directory), sink: sink)
        let declarations = loader.load(directory)
        for file in declarations.filesRead { noteFileRead(file) }
        declarationsByDirectory[directory] = declarations
        return declarations
    }

    private static func readInstalledModules(rootDirectory: String) -> [String: String] {
        let manifest = rootDirectory + "/.terraform/modules/modules.json"
        guard let data = FileManager.default.contents(atPath: manifest),
            let json = try? JSONReader().read(Array(data)), let modules = json[member: "Modules"]?.elements
        else { return [:] }
        var installed: [String: String] = [:]
        for module in modules {
            guard let key = module[member: "Key"]?.stringValue, let dir = module[member: "Dir"]?.stringValue else { continue }
            installed[key] = dir.hasPrefix("/") ? dir : rootDirectory + "/" + dir
        }
        return installed
    }
}

/// Folder paths with `.` and `..` resolved, so that the same module reached two ways is the same folder.
enum FolderPath {
    static func join(_ base: String, _ relative: String) -> String {
        normalize(relative.hasPrefix("/") ? relative : base + "/" + relative)
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if let last = parts.last, last != ".." { parts.removeLast() } else if !path.hasPrefix("/") { parts.append(part) }
            default: parts.append(part)
            }
        }
        if path.hasPrefix("/") { return "/" + parts.joined(separator: "/") }
        // `.` (and `x/..`) is the current folder: an empty path would name no folder at all.
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
