import LocatedJSON
import SourceModel
import TerraformModel

/// One plan's instances, read from `planned_values` (the state after apply) with `resource_changes` giving what is
/// unknown, sensitive and deleted.
struct PlanBuilder {
    let file: String
    let root: JSONValue
    let values: PlanValues
    var locator: ConfigurationLocator
    /// `resource_changes` by address.
    let changes: [String: JSONValue]
    let providerMajorVersions: [String: Int]
    var instances: [TerraformResourceInstance] = []
    var deleted: [TerraformResourceInstance] = []
    var diagnostics: [Diagnostic] = []
    var locatedInConfiguration: [String: Bool] = [:]

    init(file: String, root: JSONValue) {
        self.file = file
        self.root = root
        values = PlanValues(file: file)
        let configuration = PlanDetection.member(root, "configuration")
        locator = ConfigurationLocator(planFile: file, configuration: configuration)
        var changes: [String: JSONValue] = [:]
        for change in PlanDetection.member(root, "resource_changes")?.elements ?? [] {
            if let address = PlanDetection.member(change, "address")?.stringValue { changes[address] = change }
        }
        self.changes = changes
        providerMajorVersions = ProviderVersions.majors(configuration)
    }

    /// The instances of `planned_values.root_module` and its `child_modules`, depth first in the plan's order.
    mutating func readPlannedValues() {
        guard let rootModule = PlanDetection.member(root, "planned_values").flatMap({ PlanDetection.member($0, "root_module") }) else {
            readChangesAlone()
            return
        }
        readModule(rootModule, address: "", depth: 0)
    }

    /// A plan without `planned_values` (a trimmed one): each change's `after` is what will be deployed.
    private mutating func readChangesAlone() {
        for entry in PlanDetection.member(root, "resource_changes")?.elements ?? [] where Self.actions(entry) != ["delete"] {
            let moduleAddress = PlanDetection.member(entry, "module_address")?.stringValue ?? ""
            guard var instance = instance(entry, moduleAddress: moduleAddress, valuesKey: nil, sensitiveKey: nil) else { continue }
            if let after = PlanDetection.member(entry, "change").flatMap({ PlanDetection.member($0, "after") }), after.members != nil {
                instance.attributes = values.value(after)
            }
            let planAddress = PlanDetection.member(entry, "address")?.stringValue ?? instance.address
            instances.append(applyingChange(to: instance, planAddress: planAddress))
        }
    }

    private mutating func readModule(_ module: JSONValue, address: String, depth: Int) {
        for entry in PlanDetection.member(module, "resources")?.elements ?? [] {
            guard let instance = instance(entry, moduleAddress: address, valuesKey: "values", sensitiveKey: "sensitive_values") else {
                continue
            }
            let planAddress = PlanDetection.member(entry, "address")?.stringValue ?? instance.address
            if let change = changes[planAddress], Self.actions(change) == ["delete"] { continue }
            instances.append(applyingChange(to: instance, planAddress: planAddress))
        }
        for child in PlanDetection.member(module, "child_modules")?.elements ?? [] {
            guard depth < TerraformPlanReader.maximumModuleDepth else {
                diagnostics.append(
                    Diagnostic(
                        .invalidPlan, at: values.location(child),
                        "child modules nest deeper than \(TerraformPlanReader.maximumModuleDepth) levels; the deeper ones are not read"))
                return
            }
            let childAddress = PlanDetection.member(child, "address")?.stringValue ?? address
            readModule(child, address: childAddress, depth: depth + 1)
        }
    }

    /// The entries of `resource_changes` whose only action is `delete`, with their `change.before` values.
    mutating func readDeletions() {
        for entry in PlanDetection.member(root, "resource_changes")?.elements ?? [] where Self.actions(entry) == ["delete"] {
            let moduleAddress = PlanDetection.member(entry, "module_address")?.stringValue ?? ""
            let change = PlanDetection.member(entry, "change")
            guard var instance = instance(entry, moduleAddress: moduleAddress, valuesKey: nil, sensitiveKey: nil) else { continue }
            if let before = change.flatMap({ PlanDetection.member($0, "before") }), before.members != nil {
                var attributes = values.value(before)
                if let marks = change.flatMap({ PlanDetection.member($0, "before_sensitive") }) {
                    attributes = attributes.applyingSensitive(marks)
                }
                instance.attributes = attributes
            }
            deleted.append(instance)
        }
    }

    static func actions(_ change: JSONValue) -> [String] {
        let actions = PlanDetection.member(change, "change").flatMap { PlanDetection.member($0, "actions") }
        return actions?.elements?.compactMap(\.stringValue) ?? []
    }

    /// One entry's instance: address parts, provider, values with sensitive marks; located in the configuration
    /// beside the plan when its block is there.
    private mutating func instance(
        _ entry: JSONValue, moduleAddress: String, valuesKey: String?, sensitiveKey: String?
    ) -> TerraformResourceInstance? {
        let at = values.location(entry)
        guard let type = PlanDetection.member(entry, "type")?.stringValue, let name = PlanDetection.member(entry, "name")?.stringValue
        else {
            diagnostics.append(Diagnostic(.invalidPlan, .warning, at: at, "skipped: a plan resource without 'type' and 'name'"))
            return nil
        }
        let mode: TerraformResourceInstance.Mode = PlanDetection.member(entry, "mode")?.stringValue == "data" ? .data : .managed
        var key: TerraformResourceInstance.InstanceKey?
        switch PlanDetection.member(entry, "index")?.kind {
        case .integer(let index)?: key = .index(Int(index))
        case .double(let index)? where index == index.rounded() && abs(index) < 1e15: key = .index(Int(index))
        case .string(let text)?: key = .key(text)
        default: key = nil
        }
        var attributes = TerraformValue.object([:], at: at)
        if let valuesKey, let written = PlanDetection.member(entry, valuesKey) {
            if written.members != nil {
                attributes = values.value(written)
            } else if written.kind != .null {
                diagnostics.append(
                    Diagnostic(.invalidPlan, .warning, at: values.location(written), "'\(valuesKey)' should be an object; read as empty"))
            }
        }
        if let sensitiveKey, let marks = PlanDetection.member(entry, sensitiveKey) {
            attributes = attributes.applyingSensitive(marks)
        }
        let provider = Self.providerName(PlanDetection.member(entry, "provider_name")?.stringValue, type: type)
        return TerraformResourceInstance(
            mode: mode, type: type, name: name, moduleAddress: moduleAddress, key: key, attributes: attributes, location: at,
            provider: provider, providerMajorVersion: providerMajorVersions[provider], source: .plan)
    }

    /// `change.after_unknown` and `change.after_sensitive` laid over the planned values, then the whole instance
    /// located in its `.tf` block when the configuration is beside the plan.
    private mutating func applyingChange(to instance: TerraformResourceInstance, planAddress: String) -> TerraformResourceInstance {
        var instance = instance
        if let change = changes[planAddress].flatMap({ PlanDetection.member($0, "change") }) {
            if let unknown = PlanDetection.member(change, "after_unknown") {
                instance.attributes = instance.attributes.applyingUnknown(unknown, path: planAddress, at: instance.location)
            }
            if let sensitive = PlanDetection.member(change, "after_sensitive") {
                instance.attributes = instance.attributes.applyingSensitive(sensitive)
            }
        }
        if let block = locator.block(moduleAddress: instance.moduleAddress, mode: instance.mode, type: instance.type, name: instance.name) {
            instance.location = block.range.location
            instance.attributes = ConfigurationLocator.locating(instance.attributes, in: block.body, blockLocation: block.range.location)
            locatedInConfiguration[planAddress] = true
        } else {
            locatedInConfiguration[planAddress] = false
        }
        return instance
    }

    /// `registry.terraform.io/hashicorp/azurerm` → `azurerm`; 0.12's `azurerm` stays; without one, the type's prefix.
    static func providerName(_ name: String?, type: String) -> String {
        if let name, let last = name.split(separator: "/").last, !last.isEmpty { return String(last) }
        return String(type.prefix { $0 != "_" })
    }
}
