import Foundation
import HCLSyntax
import SourceModel
import TerraformModel

/// What one module folder declares, read from its `.tf` and `.tf.json` files in name order: nothing evaluated yet.
struct ModuleDeclarations {
    struct Variable {
        var name: String
        var block: HCLBlock
        var type: TerraformType
        var defaultExpression: HCLExpression?
        var isNullable: Bool
        var isSensitive: Bool
        /// Whether a `--var` value is read as an HCL expression (a type other than string, number or bool was
        /// declared, `any` included) rather than as literal text (no type, or a primitive one), as Terraform reads it.
        var readsAssignmentsAsHCL: Bool
    }

    /// A `resource` or `data` block.
    struct Resource {
        var mode: TerraformResourceInstance.Mode
        var type: String
        var name: String
        var block: HCLBlock

        /// `type.name` or `data.type.name`: how expressions refer to it.
        var reference: String { (mode == .data ? "data." : "") + "\(type).\(name)" }
    }

    struct ModuleCall {
        var name: String
        var block: HCLBlock
    }

    /// A resource, data source or module call, in the order of the files and of the blocks in them.
    enum Declaration {
        case resource(Resource)
        case module(ModuleCall)
    }

    var directory: String
    var filesRead: [String] = []
    var variables: [Variable] = []
    var locals: [String: HCLAttribute] = [:]
    var localOrder: [String] = []
    var resources: [String: Resource] = [:]
    var moduleCalls: [String: ModuleCall] = [:]
    var declarations: [Declaration] = []
    var outputs: [String: HCLBlock] = [:]
    var outputOrder: [String] = []
    /// `required_providers`: each provider's local name and the lowest major version its constraint admits.
    var providerMajorVersions: [String: Int] = [:]
    /// The resource types declared here, for telling `azurerm_key_vault.kv` from an unknown name.
    var resourceTypes: Set<String> = []

    init(directory: String) {
        self.directory = directory
    }
}

extension ModuleDeclarations {
    /// The lowest major version a Terraform version constraint admits: `~> 3.100` → 3, `>= 4.0, < 5` → 4; nil when
    /// no part of it sets a lower bound.
    static func lowestMajorVersion(_ constraint: String) -> Int? {
        var lowest: Int?
        for part in constraint.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            var operatorText = String(trimmed.prefix { "<>=!~".contains($0) })
            let version = trimmed.dropFirst(operatorText.count).trimmingCharacters(in: .whitespaces)
            if operatorText.isEmpty { operatorText = "=" }
            guard ["=", ">=", ">", "~>"].contains(operatorText) else { continue }
            let majorText = version.trimmingPrefix("v").prefix { $0.isNumber }
            guard let major = Int(majorText) else { continue }
            lowest = max(lowest ?? major, major)
        }
        return lowest
    }
}
