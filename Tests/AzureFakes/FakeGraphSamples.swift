import Foundation

/// Graph v1.0 objects the corpus lacks, written for the fake in the shapes the v1.0 reference documents
/// (unifiedRoleDefinition, unifiedRoleAssignment, unifiedRoleAssignmentSchedule, unifiedRoleManagementPolicyAssignment).
public enum FakeGraphSamples {
    public static let globalAdministrator = "62e90394-69f5-4237-9190-012177145e10"
    public static let securityReader = "5d6b6bb7-de71-4623-b4af-96380a352509"

    public static let roleDefinitions = [
        #"{"id":"62e90394-69f5-4237-9190-012177145e10","displayName":"Global Administrator","description":"Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.","isBuiltIn":true,"isEnabled":true,"templateId":"62e90394-69f5-4237-9190-012177145e10","version":"1","rolePermissions":[{"allowedResourceActions":["microsoft.directory/*/allProperties/allTasks"],"condition":null}]}"#,
        #"{"id":"5d6b6bb7-de71-4623-b4af-96380a352509","displayName":"Security Reader","description":"Can read security information and reports in Microsoft Entra ID and Office 365.","isBuiltIn":true,"isEnabled":true,"templateId":"5d6b6bb7-de71-4623-b4af-96380a352509","version":"1","rolePermissions":[{"allowedResourceActions":["microsoft.directory/auditLogs/allProperties/read"],"condition":null}]}"#,
    ]

    public static let roleAssignments = [
        #"{"id":"lAPpYvVpN0KRkAEhdxReEJC7sQFYJ-tHo7j2nTPUp4o-1","principalId":"01b1bb90-2758-47eb-a3b8-f69d33d4a78a","roleDefinitionId":"62e90394-69f5-4237-9190-012177145e10","directoryScopeId":"/"}"#,
        #"{"id":"t2tdXXHeI0a0r5Y4CjUlCZC7sQFYJ-tHo7j2nTPUp4o-1","principalId":"01b1bb90-2758-47eb-a3b8-f69d33d4a78a","roleDefinitionId":"5d6b6bb7-de71-4623-b4af-96380a352509","directoryScopeId":"/"}"#,
    ]

    /// A permanently active Global Administrator and an activation that expires.
    public static let roleAssignmentSchedules = [
        #"{"id":"lAPpYvVpN0KRkAEhdxReEJC7sQFYJ-tHo7j2nTPUp4o-1-e","principalId":"01b1bb90-2758-47eb-a3b8-f69d33d4a78a","roleDefinitionId":"62e90394-69f5-4237-9190-012177145e10","directoryScopeId":"/","appScopeId":null,"createdUsing":"lAPpYvVpN0KRkAEhdxReEJC7sQFYJ-tHo7j2nTPUp4o-1","createdDateTime":"2024-03-01T00:00:00Z","modifiedDateTime":null,"status":"Provisioned","assignmentType":"Assigned","memberType":"Direct","scheduleInfo":{"startDateTime":"2024-03-01T00:00:00Z","recurrence":null,"expiration":{"type":"noExpiration","endDateTime":null,"duration":null}}}"#,
        #"{"id":"c2bdd6a0-2f0b-4b8e-9d35-0f3a9f2a61a5","principalId":"3c9b1a9e-5d4f-4c63-9f0e-2b7d6c1e8a41","roleDefinitionId":"62e90394-69f5-4237-9190-012177145e10","directoryScopeId":"/","appScopeId":null,"createdUsing":"c2bdd6a0-2f0b-4b8e-9d35-0f3a9f2a61a5","createdDateTime":"2025-01-10T08:00:00Z","modifiedDateTime":null,"status":"Provisioned","assignmentType":"Activated","memberType":"Direct","scheduleInfo":{"startDateTime":"2025-01-10T08:00:00Z","recurrence":null,"expiration":{"type":"afterDateTime","endDateTime":"2025-01-10T16:00:00Z","duration":null}}}"#,
    ]

    /// Global Administrator's role management policy assignment, its policy expanded with `rules`.
    static func globalAdministratorPolicyAssignment(rules: [Any]) throws -> String {
        let policyID = "Directory_72f988bf-86f1-41af-91ab-2d7cd011db47_6a2d4d8e-6b7c-4a3f-9f12-2a6c0c6a4e5b"
        let policy: [String: Any] = [
            "id": policyID, "displayName": "Directory Role", "description": "Directory Role", "isOrganizationDefault": false,
            "scopeId": "/", "scopeType": "DirectoryRole", "lastModifiedDateTime": NSNull(), "lastModifiedBy": NSNull(), "rules": rules,
        ]
        let assignment: [String: Any] = [
            "id": policyID + "_" + globalAdministrator, "policyId": policyID, "scopeId": "/", "scopeType": "DirectoryRole",
            "roleDefinitionId": globalAdministrator, "policy": policy,
        ]
        return try FakeGraphJSON.text(assignment)
    }
}
