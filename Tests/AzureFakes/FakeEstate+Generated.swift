import Foundation

extension FakeEstate {
    /// A generated estate of `resources` resources spread evenly over `subscriptions` subscriptions (five resource
    /// groups each), in a mix like a real AI landing zone: per hundred resources one AI Services or OpenAI account
    /// (with deployments, a content filter, a connection and, for every other one, diagnostic settings), one Key
    /// Vault, four storage accounts, six private endpoints, a private DNS zone, two virtual networks, two NSGs, a Log
    /// Analytics workspace, an Application Insights component, a Machine Learning workspace or a managed identity,
    /// and network interfaces, disks, public IPs and virtual machines. Each subscription has Defender plans, role
    /// assignments (and their definitions) and PIM schedules. Deterministic.
    public static func generated(subscriptions: Int = 200, resources: Int = 100_000) -> FakeEstate {
        var estate = FakeEstate()
        let perSubscription = max(1, resources / max(1, subscriptions))
        for s in 0..<subscriptions {
            let subscription = Self.guid(s, prefix: "5ab0")
            estate.addSubscription(subscription, displayName: "sub-\(s)")
            let base = "/subscriptions/\(subscription)/resourceGroups/"
            for g in 0..<5 { estate.addResourceGroup(subscription: subscription, name: "rg-\(g)", location: "eastus") }
            for i in 0..<perSubscription {
                estate.addGenerated(index: i, base: base + "rg-\(i % 5)", subscriptionIndex: s)
            }
            estate.addSubscriptionLists(subscription)
        }
        return estate.sorted()
    }

    /// A GUID-shaped id, distinct for each `index`.
    public static func guid(_ index: Int, prefix: String) -> String {
        let hex = String(index, radix: 16)
        return "\(prefix)0000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    private mutating func addGenerated(index i: Int, base: String, subscriptionIndex s: Int) {
        let slot = i % 100
        let n = "\(s)x\(i)"
        switch slot {
        case 0:
            let id = base + "/providers/Microsoft.CognitiveServices/accounts/ai-\(n)"
            let open = i % 200 == 0
            addResource(
                id: id, type: "Microsoft.CognitiveServices/accounts", kind: open ? "OpenAI" : "AIServices", sku: #"{"name":"S0"}"#,
                identity: #"{"type":"SystemAssigned","principalId":"\#(Self.guid(i, prefix: "9999"))"}"#,
                properties: #"{"customSubDomainName":"ai-\#(n)","publicNetworkAccess":"\#(open ? "Enabled" : "Disabled")","#
                    + #""disableLocalAuth":\#(!open),"networkAcls":{"defaultAction":"Deny","ipRules":[],"virtualNetworkRules":[]},"#
                    + #""provisioningState":"Succeeded"}"#)
            for model in ["gpt-4o", "text-embedding-3-large"] {
                addListItem(
                    id + "/deployments",
                    #"{"id":"\#(id)/deployments/\#(model)","name":"\#(model)","type":"Microsoft.CognitiveServices/accounts/deployments","#
                        + #""sku":{"name":"Standard","capacity":10},"properties":{"model":{"format":"OpenAI","name":"\#(model)"},"#
                        + #""raiPolicyName":"Microsoft.DefaultV2"}}"#)
            }
            addListItem(
                id + "/raiPolicies",
                #"{"id":"\#(id)/raiPolicies/strict","name":"strict","type":"Microsoft.CognitiveServices/accounts/raiPolicies","#
                    + #""properties":{"mode":"Blocking","basePolicyName":"Microsoft.DefaultV2","contentFilters":[{"name":"Jailbreak","blocking":true,"enabled":true,"source":"Prompt"}]}}"#
            )
            addListItem(
                id + "/connections",
                #"{"id":"\#(id)/connections/search","name":"search","type":"Microsoft.CognitiveServices/accounts/connections","#
                    + #""properties":{"category":"CognitiveSearch","authType":"AAD","target":"https://search-\#(n).search.windows.net"}}"#)
            if i % 200 == 0 {
                addDiagnosticSetting(id, workspace: base + "/providers/Microsoft.OperationalInsights/workspaces/law-\(s)x17")
            }
        case 1:
            addResource(
                id: base + "/providers/Microsoft.KeyVault/vaults/kv-\(n)", type: "Microsoft.KeyVault/vaults",
                properties:
                    #"{"tenantId":"\#(tenantID)","enableRbacAuthorization":true,"enableSoftDelete":true,"enablePurgeProtection":\#(i % 2 == 1),"publicNetworkAccess":"Disabled","sku":{"family":"A","name":"standard"}}"#
            )
        case 2...5:
            addResource(
                id: base + "/providers/Microsoft.Storage/storageAccounts/st\(s)x\(i)", type: "Microsoft.Storage/storageAccounts",
                kind: "StorageV2",
                sku: #"{"name":"Standard_LRS","tier":"Standard"}"#,
                properties:
                    #"{"allowBlobPublicAccess":false,"minimumTlsVersion":"TLS1_2","supportsHttpsTrafficOnly":true,"allowSharedKeyAccess":\#(slot == 2),"publicNetworkAccess":"Disabled"}"#
            )
        case 6...11:
            let target =
                base
                + (slot == 6
                    ? "/providers/Microsoft.CognitiveServices/accounts/ai-\(s)x\(i - slot)"
                    : "/providers/Microsoft.Storage/storageAccounts/st\(s)x\(i - slot + 2)")
            addResource(
                id: base + "/providers/Microsoft.Network/privateEndpoints/pe-\(n)", type: "Microsoft.Network/privateEndpoints",
                properties:
                    #"{"subnet":{"id":"\#(base)/providers/Microsoft.Network/virtualNetworks/vnet-\#(s)x\#(i - slot + 13)/subnets/pe"},"#
                    + #""privateLinkServiceConnections":[{"name":"pl","properties":{"privateLinkServiceId":"\#(target)","groupIds":["\#(slot == 6 ? "account" : "blob")"]}}]}"#
            )
        case 12:
            addResource(
                id: base + "/providers/Microsoft.Network/privateDnsZones/privatelink\(i).openai.azure.com",
                type: "Microsoft.Network/privateDnsZones",
                location: "global", properties: #"{"numberOfRecordSets":3}"#)
        case 13, 14:
            addResource(
                id: base + "/providers/Microsoft.Network/virtualNetworks/vnet-\(n)", type: "Microsoft.Network/virtualNetworks",
                properties:
                    #"{"addressSpace":{"addressPrefixes":["10.\#(i % 250).0.0/16"]},"subnets":[{"name":"pe","properties":{"addressPrefix":"10.\#(i % 250).1.0/24"}}]}"#
            )
        case 15, 16:
            addResource(
                id: base + "/providers/Microsoft.Network/networkSecurityGroups/nsg-\(n)", type: "Microsoft.Network/networkSecurityGroups",
                properties:
                    #"{"securityRules":[{"name":"deny-all","properties":{"access":"Deny","direction":"Inbound","priority":4096,"protocol":"*","sourceAddressPrefix":"*","destinationAddressPrefix":"*","sourcePortRange":"*","destinationPortRange":"*"}}]}"#
            )
        case 17:
            addResource(
                id: base + "/providers/Microsoft.OperationalInsights/workspaces/law-\(n)", type: "Microsoft.OperationalInsights/workspaces",
                properties: #"{"retentionInDays":90,"sku":{"name":"PerGB2018"}}"#)
        case 18:
            addResource(
                id: base + "/providers/Microsoft.Insights/components/appi-\(n)", type: "Microsoft.Insights/components", kind: "web",
                properties: #"{"Application_Type":"web","DisableLocalAuth":true}"#)
        case 19 where (i / 100) % 5 == 0:
            let id = base + "/providers/Microsoft.MachineLearningServices/workspaces/mlw-\(n)"
            addResource(
                id: id, type: "Microsoft.MachineLearningServices/workspaces", kind: "Hub", sku: #"{"name":"Basic","tier":"Basic"}"#,
                identity: #"{"type":"SystemAssigned"}"#,
                properties: #"{"publicNetworkAccess":"Disabled","managedNetwork":{"isolationMode":"AllowOnlyApprovedOutbound"}}"#)
            addListItem(
                id + "/computes",
                #"{"id":"\#(id)/computes/ci-1","name":"ci-1","type":"Microsoft.MachineLearningServices/workspaces/computes","properties":{"computeType":"ComputeInstance","disableLocalAuth":true}}"#
            )
            addListItem(
                id + "/onlineEndpoints",
                #"{"id":"\#(id)/onlineEndpoints/ep-1","name":"ep-1","type":"Microsoft.MachineLearningServices/workspaces/onlineEndpoints","properties":{"authMode":"AADToken","publicNetworkAccess":"Disabled"}}"#
            )
        case 19:
            addResource(
                id: base + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-\(n)",
                type: "Microsoft.ManagedIdentity/userAssignedIdentities",
                properties: #"{"principalId":"\#(Self.guid(i, prefix: "8888"))"}"#)
        case 20..<60:
            addResource(
                id: base + "/providers/Microsoft.Network/networkInterfaces/nic-\(n)", type: "Microsoft.Network/networkInterfaces",
                properties:
                    #"{"ipConfigurations":[{"name":"ipconfig1","properties":{"privateIPAllocationMethod":"Dynamic"}}],"enableAcceleratedNetworking":true}"#
            )
        case 60..<80:
            addResource(
                id: base + "/providers/Microsoft.Compute/disks/disk-\(n)", type: "Microsoft.Compute/disks", sku: #"{"name":"Premium_LRS"}"#,
                properties: #"{"diskSizeGB":128,"encryption":{"type":"EncryptionAtRestWithPlatformKey"},"networkAccessPolicy":"DenyAll"}"#)
        case 80..<90:
            addResource(
                id: base + "/providers/Microsoft.Network/publicIPAddresses/pip-\(n)", type: "Microsoft.Network/publicIPAddresses",
                sku: #"{"name":"Standard"}"#,
                properties: #"{"publicIPAllocationMethod":"Static","ipAddress":"20.0.\#(i % 250).\#(s % 250)"}"#)
        default:
            addResource(
                id: base + "/providers/Microsoft.Compute/virtualMachines/vm-\(n)", type: "Microsoft.Compute/virtualMachines",
                properties: #"{"hardwareProfile":{"vmSize":"Standard_D4s_v5"},"osProfile":{"computerName":"vm-\#(n)"}}"#)
        }
    }

    /// A diagnostic setting on `target` sending audit logs to `workspace`.
    public mutating func addDiagnosticSetting(_ target: String, workspace: String, name: String = "to-law") {
        addListItem(
            target + "/providers/Microsoft.Insights/diagnosticSettings",
            #"{"id":"\#(target)/providers/microsoft.insights/diagnosticSettings/\#(name)","name":"\#(name)","#
                + #""type":"Microsoft.Insights/diagnosticSettings","properties":{"workspaceId":"\#(workspace)","#
                + #""logs":[{"categoryGroup":"audit","enabled":true}],"metrics":[{"category":"AllMetrics","enabled":true}]}}"#)
    }

    /// Defender plans, role assignments and definitions, and PIM schedules of one subscription.
    public mutating func addSubscriptionLists(_ subscription: String) {
        let scope = "/subscriptions/\(subscription)"
        for (plan, tier) in [("AI", "Standard"), ("KeyVaults", "Standard"), ("StorageAccounts", "Free")] {
            addListItem(
                scope + "/providers/Microsoft.Security/pricings",
                #"{"id":"\#(scope)/providers/Microsoft.Security/pricings/\#(plan)","name":"\#(plan)","type":"Microsoft.Security/pricings","properties":{"pricingTier":"\#(tier)"}}"#
            )
        }
        let roles = [
            ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"), ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
            ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"),
            ("a001fd3d-188f-4b5d-821b-7da978bf7442", "Cognitive Services OpenAI Contributor"),
            ("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Cognitive Services OpenAI User"),
        ]
        for (index, (role, name)) in roles.enumerated() {
            let definition = "\(scope)/providers/Microsoft.Authorization/roleDefinitions/\(role)"
            addListItem(
                scope + "/providers/Microsoft.Authorization/roleDefinitions",
                #"{"id":"\#(definition)","name":"\#(role)","type":"Microsoft.Authorization/roleDefinitions","properties":{"roleName":"\#(name)","type":"BuiltInRole","permissions":[],"assignableScopes":["/"]}}"#
            )
            guard index < 4 else { continue }
            let assignment = Self.guid(index, prefix: String(subscription.prefix(4)))
            addListItem(
                scope + "/providers/Microsoft.Authorization/roleAssignments",
                #"{"id":"\#(scope)/providers/Microsoft.Authorization/roleAssignments/\#(assignment)","name":"\#(assignment)","#
                    + #""type":"Microsoft.Authorization/roleAssignments","properties":{"roleDefinitionId":"\#(definition)","#
                    + #""principalId":"\#(Self.guid(index, prefix: "7777"))","principalType":"\#(index == 0 ? "User" : "ServicePrincipal")","scope":"\#(scope)"}}"#
            )
        }
        addListItem(
            scope + "/providers/Microsoft.Authorization/roleEligibilitySchedules",
            #"{"id":"\#(scope)/providers/Microsoft.Authorization/roleEligibilitySchedules/e1","name":"e1","type":"Microsoft.Authorization/roleEligibilitySchedules","#
                + #""properties":{"scope":"\#(scope)","roleDefinitionId":"\#(scope)/providers/Microsoft.Authorization/roleDefinitions/\#(roles[0].0)","principalId":"\#(Self.guid(0, prefix: "7777"))","memberType":"Direct","status":"Provisioned"}}"#
        )
        addListItem(
            scope + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances",
            #"{"id":"\#(scope)/providers/Microsoft.Authorization/roleAssignmentScheduleInstances/a1","name":"a1","type":"Microsoft.Authorization/roleAssignmentScheduleInstances","#
                + #""properties":{"scope":"\#(scope)","roleDefinitionId":"\#(scope)/providers/Microsoft.Authorization/roleDefinitions/\#(roles[1].0)","principalId":"\#(Self.guid(1, prefix: "7777"))","assignmentType":"Assigned","memberType":"Direct"}}"#
        )
    }
}
