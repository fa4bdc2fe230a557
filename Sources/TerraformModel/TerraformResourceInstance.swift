public import PostureModel
public import SourceModel

/// One instance of a Terraform resource or data source, whichever input described it (configuration evaluated
/// from `.tf` files, or a plan's `planned_values`): what the azurerm, azapi and azuread mappings turn into
/// resources of the shared model.
public struct TerraformResourceInstance: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        /// A `resource` block.
        case managed
        /// A `data` block: read, never deployed.
        case data
    }

    /// Which instance of a block with `count` or `for_each`.
    public enum InstanceKey: Sendable, Hashable, CustomStringConvertible {
        case index(Int)
        case key(String)
        /// `count` or `for_each` is not known before apply: the block stands for an unknown number of instances,
        /// kept and judged once, never dropped and never guessed as one.
        case unknown(Unknown)

        /// As Terraform writes it in an address: `[0]`, `["eastus"]`, `[*]` for unknown instances.
        public var description: String {
            switch self {
            case .index(let index): "[\(index)]"
            case .key(let key): "[\"\(key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\""))\"]"
            case .unknown: "[*]"
            }
        }
    }

    /// What described the instance: the attributes of a configuration leave omitted attributes out (the mapping
    /// fills in the provider's defaults); a plan already carries the provider's values.
    public enum Source: String, Sendable, Hashable {
        case configuration
        case plan
    }

    public var mode: Mode
    /// The Terraform type: `azurerm_cognitive_account`.
    public var type: String
    /// The block's name label: `openai`.
    public var name: String
    /// The module path: empty for the root, otherwise `module.a` or `module.a.module.b["x"]`.
    public var moduleAddress: String
    public var key: InstanceKey?
    /// The arguments and nested blocks after evaluation: an object. A nested block is a list of objects (a plan
    /// writes blocks that way too), a single block a one-element list. Attributes the provider computes, when
    /// referenced, are unknowns. Omitted arguments are absent.
    public var attributes: TerraformValue
    /// The `resource` or `data` block (configuration), or the plan entry (plan).
    public var location: SourceLocation
    /// The provider's local name (`azurerm`, or the `provider` argument's, e.g. `azurerm.westus` → `azurerm`).
    public var provider: String
    /// The provider's major version, from `required_providers` (the lowest major the constraint admits), or nil
    /// when the configuration does not say; the mapping then applies the newest defaults it knows.
    public var providerMajorVersion: Int?
    public var source: Source

    public init(
        mode: Mode, type: String, name: String, moduleAddress: String = "", key: InstanceKey? = nil,
        attributes: TerraformValue, location: SourceLocation, provider: String, providerMajorVersion: Int? = nil,
        source: Source
    ) {
        self.mode = mode
        self.type = type
        self.name = name
        self.moduleAddress = moduleAddress
        self.key = key
        self.attributes = attributes
        self.location = location
        self.provider = provider
        self.providerMajorVersion = providerMajorVersion
        self.source = source
    }

    /// The instance's address: `module.openai.azurerm_cognitive_account.openai["east"]`, `data.azurerm_client_config.current`.
    public var address: String {
        var address = moduleAddress.isEmpty ? "" : moduleAddress + "."
        if mode == .data { address += "data." }
        address += "\(type).\(name)"
        if let key { address += key.description }
        return address
    }
}
