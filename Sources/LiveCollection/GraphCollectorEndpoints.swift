/// One Microsoft Graph v1.0 read a Graph collector makes: where, what record type it gives, and what it needs.
struct GraphEndpoint: Sendable {
    enum Shape: Sendable {
        /// A collection (`{"value": [...]}`), paged.
        case list
        /// One object.
        case object
        /// Role management policy assignments with their policy and its rules expanded: one record per policy.
        case policyAssignments
    }

    /// The path after `/v1.0`, for URLs and messages.
    var path: String
    /// The query, percent-encoded, with its `?`, or empty.
    var query: String
    var type: String
    var shape: Shape
    /// The least Graph application permission that reads it.
    var permission: String
    /// Privileged Identity Management: a tenant without Microsoft Entra ID P2 refuses it.
    var needsP2: Bool = false
}

/// One `CollectorReport` and the reads behind it.
struct GraphReportPlan: Sendable {
    var name: String
    var endpoints: [GraphEndpoint]

    var types: [String] { endpoints.map(\.type) }

    static let all: [GraphReportPlan] = [conditionalAccess, policies, directoryRoles]

    static let conditionalAccess = GraphReportPlan(
        name: "graph-conditional-access",
        endpoints: [
            GraphEndpoint(
                path: "/identity/conditionalAccess/policies", query: "?$top=999", type: "Microsoft.Graph/conditionalAccessPolicies",
                shape: .list, permission: "Policy.Read.All"),
            GraphEndpoint(
                path: "/identity/conditionalAccess/namedLocations", query: "?$top=999", type: "Microsoft.Graph/namedLocations",
                shape: .list,
                permission: "Policy.Read.All"),
        ])

    static let policies = GraphReportPlan(
        name: "graph-policies",
        endpoints: [
            GraphEndpoint(
                path: "/policies/identitySecurityDefaultsEnforcementPolicy", query: "",
                type: "Microsoft.Graph/identitySecurityDefaultsEnforcementPolicy", shape: .object, permission: "Policy.Read.All"),
            GraphEndpoint(
                path: "/policies/authenticationMethodsPolicy", query: "", type: "Microsoft.Graph/authenticationMethodsPolicy",
                shape: .object,
                permission: "Policy.Read.All"),
        ])

    static let directoryRoles = GraphReportPlan(
        name: "graph-directory-roles",
        endpoints: [
            GraphEndpoint(
                path: "/roleManagement/directory/roleDefinitions", query: "", type: "Microsoft.Graph/roleDefinitions", shape: .list,
                permission: "RoleManagement.Read.Directory"),
            GraphEndpoint(
                path: "/roleManagement/directory/roleAssignments", query: "", type: "Microsoft.Graph/roleAssignments", shape: .list,
                permission: "RoleManagement.Read.Directory"),
            GraphEndpoint(
                path: "/roleManagement/directory/roleEligibilitySchedules", query: "", type: "Microsoft.Graph/roleEligibilitySchedules",
                shape: .list, permission: "RoleEligibilitySchedule.Read.Directory", needsP2: true),
            GraphEndpoint(
                path: "/roleManagement/directory/roleAssignmentSchedules", query: "", type: "Microsoft.Graph/roleAssignmentSchedules",
                shape: .list, permission: "RoleAssignmentSchedule.Read.Directory", needsP2: true),
            GraphEndpoint(
                path: "/policies/roleManagementPolicyAssignments",
                query: "?$filter=scopeId%20eq%20'%2F'%20and%20scopeType%20eq%20'DirectoryRole'&$expand=policy($expand=rules)",
                type: "Microsoft.Graph/roleManagementPolicies", shape: .policyAssignments,
                permission: "RoleManagementPolicy.Read.Directory",
                needsP2: true),
        ])
}
