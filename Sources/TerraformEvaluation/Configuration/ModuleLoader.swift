import Foundation
import HCLSyntax
import LocatedJSON
import SourceModel
import TerraformModel

/// Reads a module folder's `.tf` and `.tf.json` files into declarations, reporting syntax errors and malformed
/// blocks; what is well formed is kept.
struct ModuleLoader {
    var constants: ExpressionEvaluator
    var sink: DiagnosticSink

    /// The configuration files of `directory` in name order, and its override files (`override.tf`,
    /// `*_override.tf`, and their `.tf.json` forms), which Terraform merges into the other files' blocks.
    static func configurationFiles(in directory: String) -> (files: [String], overrides: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var files: [String] = []
        var overrides: [String] = []
        for name in names.sorted() where (name.hasSuffix(".tf") || name.hasSuffix(".tf.json")) && !name.hasPrefix(".") {
            let stem = name.hasSuffix(".tf.json") ? String(name.dropLast(8)) : String(name.dropLast(3))
            if stem == "override" || stem.hasSuffix("_override") {
                overrides.append(directory + "/" + name)
            } else {
                files.append(directory + "/" + name)
            }
        }
        return (files, overrides)
    }

    func load(_ directory: String) -> ModuleDeclarations {
        var declarations = ModuleDeclarations(directory: directory)
        let (files, overrides) = Self.configurationFiles(in: directory)
        for file in overrides {
            sink.report(
                Diagnostic(
                    .terraformOverrideIgnored, .warning, file: file,
                    "override files are not merged into the blocks they override; \(file) is ignored, so what it changes is not seen"))
        }
        for file in files {
            guard let body = parse(file) else { continue }
            declarations.filesRead.append(file)
            for block in body.blocks { add(block, to: &declarations) }
            for attribute in body.attributes {
                sink.report(
                    .terraformInvalidBlock, at: attribute.range,
                    "an argument \"\(attribute.name.text)\" can't stand at the top level of a configuration file; put it inside a block")
            }
        }
        return declarations
    }

    /// The file's body, syntax errors reported; nil when it cannot be read at all.
    func parse(_ file: String) -> HCLBody? {
        guard let data = FileManager.default.contents(atPath: file) else {
            sink.report(Diagnostic(.unreadableFile, file: file, "cannot read \(file)"))
            return nil
        }
        if file.hasSuffix(".json") {
            let json: JSONValue
            do { json = try JSONReader().read(Array(data)) } catch {
                sink.report(error.diagnostic(file: file))
                return nil
            }
            var reader = JSONConfigurationReader(file: file)
            let body = reader.body(of: json)
            for error in reader.errors { sink.report(error.diagnostic) }
            return body
        }
        let parsed = HCLFile(parsing: Array(data), file: file)
        for diagnostic in parsed.diagnostics { sink.report(diagnostic) }
        return parsed.body
    }

    private func add(_ block: HCLBlock, to declarations: inout ModuleDeclarations) {
        let labels = block.labels.map(\.value)
        func need(_ count: Int, _ names: String) -> Bool {
            guard labels.count == count else {
                sink.report(
                    .terraformInvalidBlock, at: block.type.range,
                    "a \(block.type.text) block needs \(names), got \(labels.count) label\(labels.count == 1 ? "" : "s")")
                return false
            }
            return true
        }
        func duplicate(_ what: String) {
            sink.report(.terraformInvalidBlock, at: block.type.range, "\(what) is declared twice; the first declaration is used")
        }
        switch block.type.text {
        case "variable":
            guard need(1, "a name") else { return }
            if declarations.variables.contains(where: { $0.name == labels[0] }) { return duplicate("variable \"\(labels[0])\"") }
            declarations.variables.append(variable(labels[0], block))
        case "locals":
            for attribute in block.body.attributes {
                let name = attribute.name.text
                if declarations.locals[name] != nil {
                    sink.report(.terraformInvalidBlock, at: attribute.name.range, "local.\(name) is declared twice; the first is used")
                    continue
                }
                declarations.locals[name] = attribute
                declarations.localOrder.append(name)
            }
        case "resource", "data":
            guard need(2, "a type and a name") else { return }
            let mode: TerraformResourceInstance.Mode = block.type.text == "data" ? .data : .managed
            let resource = ModuleDeclarations.Resource(mode: mode, type: labels[0], name: labels[1], block: block)
            if declarations.resources[resource.reference] != nil { return duplicate(resource.reference) }
            declarations.resources[resource.reference] = resource
            declarations.declarations.append(.resource(resource))
            if mode == .managed { declarations.resourceTypes.insert(labels[0]) }
        case "module":
            guard need(1, "a name") else { return }
            if declarations.moduleCalls[labels[0]] != nil { return duplicate("module.\(labels[0])") }
            let call = ModuleDeclarations.ModuleCall(name: labels[0], block: block)
            declarations.moduleCalls[labels[0]] = call
            declarations.declarations.append(.module(call))
        case "output":
            guard need(1, "a name") else { return }
            if declarations.outputs[labels[0]] != nil { return duplicate("output \"\(labels[0])\"") }
            declarations.outputs[labels[0]] = block
            declarations.outputOrder.append(labels[0])
        case "terraform":
            for required in block.body.blocks where required.type.text == "required_providers" {
                for attribute in required.body.attributes {
                    if let major = providerMajorVersion(attribute.value) {
                        declarations.providerMajorVersions[attribute.name.text] = major
                    }
                }
            }
        case "provider", "moved", "import", "removed", "check":
            break
        default:
            sink.report(
                .terraformInvalidBlock, .warning, at: block.type.range,
                "\"\(block.type.text)\" is not a Terraform block type; it is ignored")
        }
    }

    /// `azurerm = { source = "hashicorp/azurerm", version = "~> 3.100" }` or the legacy `azurerm = "~> 3.100"`.
    private func providerMajorVersion(_ expression: HCLExpression) -> Int? {
        var constraint: HCLExpression? = expression
        if case .object(let items) = expression.kind {
            constraint = items.first { TypeConstraintReader.attributeName($0) == "version" }?.value
        }
        guard let constraint, case .template(let template) = constraint.kind, let text = template.literalValue else { return nil }
        return ModuleDeclarations.lowestMajorVersion(text)
    }

    private func variable(_ name: String, _ block: HCLBlock) -> ModuleDeclarations.Variable {
        var type = TerraformType.any
        var readsAssignmentsAsHCL = false
        if let typeAttribute = block.body.attribute("type") {
            switch TypeConstraintReader(constants: constants).read(typeAttribute.value) {
            case .success(let read):
                type = read
                switch read {
                case .string, .number, .bool: break
                default: readsAssignmentsAsHCL = true
                }
            case .failure(let error):
                sink.report(.terraformInvalidBlock, at: error.range, "variable \"\(name)\": \(error.message); the type is taken as any")
            }
        }
        func flag(_ attribute: String, default defaultValue: Bool) -> Bool {
            guard let expression = block.body.attribute(attribute)?.value else { return defaultValue }
            return constants.evaluate(expression).asBool ?? defaultValue
        }
        return ModuleDeclarations.Variable(
            name: name, block: block, type: type, defaultExpression: block.body.attribute("default")?.value,
            isNullable: flag("nullable", default: true), isSensitive: flag("sensitive", default: false),
            readsAssignmentsAsHCL: readsAssignmentsAsHCL)
    }
}
