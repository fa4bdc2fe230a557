import SourceModel
import Foundation
import LocatedJSON
import PostureModel

/// What `reference()` names: a symbolic name or bare resource name, or a resource id.
struct ReferenceTarget {
    var name: String
    var isID: Bool
    /// `reference(x, apiVersion, 'Full')` returns the whole resource, not just its properties.
    var full: Bool
}

extension TemplateEvaluator {
    /// Functions that read the deployment: its context, its resources, or state that exists only once
    /// deployed. Returns nil for any other function.
    func deploymentFunction(_ function: String, _ name: String, _ values: [Value], in context: Context) -> Value? {
        let here = context.location
        let settings = session.context
        switch function {
        case "subscription":
            return object(
                [
                    "id": .string(deploymentScope.subscriptionScopeID), "subscriptionId": .string(deploymentScope.subscriptionID),
                    "tenantId": .string(settings.tenantID),
                    "displayName": .unknown(
                        "[subscription().displayName]", reason: "the subscription's display name is known only at deployment"),
                ], at: here)
        case "resourcegroup":
            let id = "/subscriptions/\(deploymentScope.subscriptionID)/resourceGroups/\(deploymentScope.resourceGroup)"
            return object(
                [
                    "id": .string(id), "name": .string(deploymentScope.resourceGroup),
                    "type": .string("Microsoft.Resources/resourceGroups"),
                    "location": .string(settings.location), "tags": Value(.object([])),
                    "properties": Value(.object([Value.Member(key: "provisioningState", value: .string("Succeeded"))])),
                ], at: here)
        case "tenant":
            return object(["id": .string("/tenants/\(settings.tenantID)"), "tenantId": .string(settings.tenantID)], at: here)
        case "managementgroup":
            return object(
                [
                    "id": .string("/providers/Microsoft.Management/managementGroups/\(deploymentScope.managementGroup)"),
                    "name": .string(deploymentScope.managementGroup), "type": .string("Microsoft.Management/managementGroups"),
                ], at: here)
        case "deployment":
            return object(
                [
                    "name": .string(settings.deploymentName), "location": .string(settings.location),
                    "properties": Value(
                        .object([
                            Value.Member(key: "mode", value: .string("Incremental")),
                            Value.Member(
                                key: "template", value: Value(.object([Value.Member(key: "contentVersion", value: .string("1.0.0.0"))]))),
                        ])),
                ], at: here)
        case "environment":
            return AzureEnvironment.publicCloud.locating(missingAt: here)
        case "utcnow":
            guard let now = settings.utcNow else { return context.unknown("utcNow() is the deployment time; pass --utc-now to fix it") }
            return utcNow(now, format: values.first?.stringValue, in: context)
        case "newguid": return context.unknown("newGuid() is random at each deployment")
        case "externalinputs": return context.unknown("externalInputs() is a value the deployment tooling supplies")
        case "pickzones": return context.unknown("pickZones() depends on the zones of the region at deployment")
        case "providers": return context.unknown("providers() reads the provider registry at deployment")
        case "references": return context.unknown("references() reads deployed resources")
        case "reference": return reference(values, in: context)
        case "resourceid": return resourceID(values, scope: deploymentScope.id, in: context)
        case "subscriptionresourceid": return resourceID(values, scope: deploymentScope.subscriptionScopeID, in: context)
        case "tenantresourceid": return resourceID(values, scope: "", in: context)
        case "managementgroupresourceid":
            return resourceID(
                values, scope: "/providers/Microsoft.Management/managementGroups/\(deploymentScope.managementGroup)", in: context)
        case "extensionresourceid":
            guard let scopeID = values.first.flatMap(Self.symbolicText) else { return invalid(name, "a resource id first", in: context) }
            return resourceID(Array(values.dropFirst()), scope: scopeID, explicitScope: true, in: context)
        default:
            if function.hasPrefix("list") { return context.unknown("\(name)() reads keys or state of the deployed resource") }
            return nil
        }
    }

    private func object(_ members: KeyValuePairs<String, Value>, at location: SourceLocation) -> Value {
        Value(.object(members.map { Value.Member(key: $0.key, value: $0.value) })).locating(missingAt: location)
    }

    private func reference(_ values: [Value], in context: Context) -> Value {
        guard let first = values.first else { return invalid("reference", "a resource name or id", in: context) }
        if let unknown = first.unknown { return context.unknown(unknown.reason) }
        guard let target = first.stringValue else { return invalid("reference", "a resource name or id", in: context) }
        let full = values.count >= 3 && values[2].stringValue?.caseInsensitiveEquals("Full") == true
        let reference = ReferenceTarget(name: target, isID: target.contains("/"), full: full)
        if let value = references?(reference) { return value.locating(missingAt: context.location) }
        return context.unknown("reference() reads '\(target)', which this template does not deploy")
    }

    /// `utcNow()` with the default format `yyyyMMddTHHmmssZ`, or the standard formats `u`, `s`, `o`, `d`.
    private func utcNow(_ now: Date, format: String?, in context: Context) -> Value {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        switch format {
        case nil: formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        case "u": formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        case "s": formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        case "o", "O": formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'"
        case "d": formatter.dateFormat = "M/d/yyyy"
        default: return context.unknown("utcNow('\(format!)') uses a format this version of Bulwark does not render")
        }
        return Value(.string(formatter.string(from: now)), location: context.location)
    }

    func resourceID(_ values: [Value], scope: String, explicitScope: Bool = false, in context: Context) -> Value {
        let strings = values.compactMap(Self.symbolicText)
        if let unknown = values.lazy.compactMap(\.unknown).first,
            !strings.contains(where: { $0.contains("/") && $0.contains(".") && !$0.hasPrefix("[") })
        {
            return context.unknown(unknown.reason)  // the type itself is unknown: nothing symbolic to build
        }
        guard strings.count == values.count,
            let typeIndex = strings.firstIndex(where: { $0.contains("/") && $0.contains(".") && !$0.hasPrefix("[") }),
            typeIndex <= 2
        else { return invalid("resourceId", "[subscriptionId], [resourceGroupName], resourceType, resourceName...", in: context) }
        var resolvedScope = scope
        if !explicitScope {
            switch typeIndex {
            case 1 where scope.isEmpty || scope.hasPrefix("/providers/"):
                resolvedScope = "/subscriptions/\(strings[0])"
            case 1:
                resolvedScope = "/subscriptions/\(deploymentScope.subscriptionID)/resourceGroups/\(strings[0])"
            case 2: resolvedScope = "/subscriptions/\(strings[0])/resourceGroups/\(strings[1])"
            default: break
            }
        }
        let type = ResourceType(strings[typeIndex])
        let names = Array(strings[(typeIndex + 1)...])
        guard names.count == type.segments.count else {
            return invalid("resourceId", "\(type.segments.count) name segment(s) for \(type)", in: context)
        }
        return Value(.string(ResourceID.make(scope: resolvedScope, type: type, names: names)), location: context.location)
    }

    /// A string, or an unknown written as its canonical expression: how unknown parts appear inside ids.
    static func symbolicText(_ value: Value) -> String? {
        value.stringValue ?? value.unknown?.expression
    }
}
