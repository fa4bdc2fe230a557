import Foundation
import HCLSyntax
import LocatedJSON
import SourceModel
import TerraformModel

/// Finds a plan resource's `resource "TYPE" "NAME"` block in the configuration beside the plan. A plan's
/// `configuration` names modules and their sources but carries no positions, so: the root module is the plan's own
/// folder when it holds `.tf` files, and a module's folder is the one `terraform init` recorded for it in
/// `.terraform/modules/modules.json` beside the plan (registry and git modules included), or else its local `source`
/// (`./x`, `../x`) resolved from its caller's, as the plan's `configuration.root_module.module_calls` gives them.
/// Resources whose block is not found keep the plan's own positions. Native syntax (`.tf`) only.
struct ConfigurationLocator {
    let planDirectory: String
    let configuration: JSONValue?
    /// `modules.json`'s `Key` (module names joined by `.`) → its `Dir`, relative to the plan's folder.
    let installedModules: [String: String]
    private var blocksByFolder: [String: [HCLBlock]] = [:]

    init(planFile: String, configuration: JSONValue?) {
        planDirectory = (planFile as NSString).deletingLastPathComponent
        self.configuration = configuration
        installedModules = Self.installedModules(in: planDirectory)
    }

    /// What `terraform init` wrote to `.terraform/modules/modules.json`: `{"Modules": [{"Key", "Source", "Dir"}]}`.
    static func installedModules(in folder: String) -> [String: String] {
        let manifest = join(folder, ".terraform/modules/modules.json")
        guard case .success(let data) = FileAccess.read(manifest), let root = try? JSONReader().read([UInt8](data)) else { return [:] }
        var folders: [String: String] = [:]
        for module in PlanDetection.member(root, "Modules")?.elements ?? [] {
            if let key = PlanDetection.member(module, "Key")?.stringValue, let dir = PlanDetection.member(module, "Dir")?.stringValue {
                folders[key] = dir
            }
        }
        return folders
    }

    /// The block declaring the instance, if the configuration beside the plan has it.
    mutating func block(moduleAddress: String, mode: TerraformResourceInstance.Mode, type: String, name: String) -> HCLBlock? {
        guard let folder = folder(moduleAddress: moduleAddress) else { return nil }
        let blockType = mode == .data ? "data" : "resource"
        return blocks(in: folder).first { block in
            block.type.text == blockType && block.labels.count == 2 && block.labels[0].value == type && block.labels[1].value == name
        }
    }

    /// The folder holding a module's code: the plan's folder for the root, local sources followed for the rest.
    func folder(moduleAddress: String) -> String? {
        guard let names = Self.moduleNames(moduleAddress) else { return nil }
        if !names.isEmpty, let installed = installedModules[names.joined(separator: ".")] {
            return installed.hasPrefix("/") ? installed : Self.join(planDirectory, installed)
        }
        var folder = planDirectory
        var module = configuration.flatMap { PlanDetection.member($0, "root_module") }
        for name in names {
            guard let call = module.flatMap({ PlanDetection.member($0, "module_calls") }).flatMap({ PlanDetection.member($0, name) }),
                let source = PlanDetection.member(call, "source")?.stringValue, source.hasPrefix("./") || source.hasPrefix("../")
            else { return nil }
            folder = Self.join(folder, source)
            module = PlanDetection.member(call, "module")
        }
        return folder
    }

    /// `module.a["x"].module.b[0]` → `["a", "b"]`; `""` → `[]`; nil for anything else.
    static func moduleNames(_ address: String) -> [String]? {
        var names: [String] = []
        var rest = Substring(address)
        while !rest.isEmpty {
            guard rest.hasPrefix("module.") else { return nil }
            rest = rest.dropFirst("module.".count)
            let name = rest.prefix { $0 != "." && $0 != "[" }
            guard !name.isEmpty else { return nil }
            names.append(String(name))
            rest = rest.dropFirst(name.count)
            if rest.hasPrefix("[") {
                // An instance key: skip to its `]`, quoted keys may hold `]` and `.`.
                var inQuotes = false
                var escaped = false
                var end: Substring.Index?
                for index in rest.indices.dropFirst() {
                    let character = rest[index]
                    if escaped {
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        inQuotes.toggle()
                    } else if character == "]", !inQuotes {
                        end = index
                        break
                    }
                }
                guard let end else { return nil }
                rest = rest[rest.index(after: end)...]
            }
            if rest.hasPrefix(".") { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
        }
        return names
    }

    /// `folder` joined with a relative `source`, `.` and `..` resolved where they can be.
    static func join(_ folder: String, _ source: String) -> String {
        var parts = folder.isEmpty ? [] : folder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        for part in source.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != "..", last != "", last != "." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        if parts.isEmpty { return "." }
        if parts == [""] { return "/" }
        return parts.joined(separator: "/")
    }

    /// The `resource` and `data` blocks of a folder's `.tf` files, parsed once per folder.
    private mutating func blocks(in folder: String) -> [HCLBlock] {
        if let cached = blocksByFolder[folder] { return cached }
        let directory = folder.isEmpty ? "." : folder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tf") }.sorted()
        var blocks: [HCLBlock] = []
        for name in names {
            let path = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            guard case .success(let data) = FileAccess.read(path) else { continue }
            let file = HCLFile(parsing: [UInt8](data), file: path)
            blocks += file.body.blocks.filter { $0.type.text == "resource" || $0.type.text == "data" }
        }
        blocksByFolder[folder] = blocks
        return blocks
    }
}
