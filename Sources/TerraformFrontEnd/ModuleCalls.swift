import Foundation
import HCLSyntax
import LocatedJSON
import SourceModel

/// The local modules a folder's configuration files call: the `source` of every `module` block that is a local path
/// (`./x`, `../x`), read from `.tf` (native syntax) and `.tf.json` (JSON syntax) files. Syntax only: files that do not
/// parse are left to the evaluator, which reports their errors once.
enum ModuleCalls {
    /// The folders (normalized) that the files call as local modules.
    static func localSources(in files: [String]) -> [String] {
        var folders: [String] = []
        for file in files {
            guard case .success(let data) = FileAccess.read(file) else { continue }
            let caller = TerraformFiles.folder(of: file)
            for source in sources(data, file: file) where source.hasPrefix("./") || source.hasPrefix("../") {
                folders.append(TerraformFiles.join(caller, source))
            }
        }
        return folders
    }

    /// Every `module` block's literal `source` in one file.
    static func sources(_ data: Data, file: String) -> [String] {
        if file.lowercased().hasSuffix(".json") {
            guard let root = try? JSONReader().read([UInt8](data)) else { return [] }
            var found: [String] = []
            // `"module": {"name": {...}}`, or the same objects inside arrays, as Terraform's JSON syntax allows.
            for modules in blocks(root[exactMember: "module"]) {
                for call in modules.members ?? [] {
                    for body in blocks(call.value) {
                        if let source = body[exactMember: "source"]?.stringValue { found.append(source) }
                    }
                }
            }
            return found
        }
        let parsed = HCLFile(parsing: [UInt8](data), file: file)
        return parsed.body.blocks.compactMap { block -> String? in
            guard block.type.text == "module", case .template(let template)? = block.body.attribute("source")?.value.kind else {
                return nil
            }
            return template.literalValue
        }
    }

    /// An object, or each object of an array of objects.
    private static func blocks(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        if value.members != nil { return [value] }
        return (value.elements ?? []).filter { $0.members != nil }
    }
}

extension JSONValue {
    /// The member named exactly `key`: Terraform's JSON syntax is case-sensitive.
    subscript(exactMember key: String) -> JSONValue? {
        members?.last { $0.key == key }?.value
    }
}
