import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// `azuread_conditional_access_policy` becomes the Graph-shaped type the entra rules read.
@Suite("Conditional access policies")
struct ConditionalAccessMappingTests {
    static let policy = #"""
        {"display_name": "Require MFA", "state": "enabledForReportingButNotEnforced",
         "conditions": [{"client_app_types": ["all"], "sign_in_risk_levels": ["high"],
                         "applications": [{"included_applications": ["All"]}],
                         "users": [{"included_users": ["All"], "excluded_users": ["breakglass"], "included_roles": ["62e90394-69f5-4237-9190-012177145e10"]}]}],
         "grant_controls": [{"operator": "OR", "built_in_controls": ["mfa"], "authentication_strength_policy_id": "/policies/x"}]}
        """#

    @Test("the policy maps to Microsoft.Graph/conditionalAccessPolicies with Graph's names under properties")
    func graphShape() throws {
        let resource = try MappingFixtures.resource(MappingFixtures.instance("azuread_conditional_access_policy", Self.policy))
        #expect(resource.type == "Microsoft.Graph/conditionalAccessPolicies")
        #expect(resource.name == "Require MFA")
        #expect(resource.id == "/providers/Microsoft.Graph/conditionalAccessPolicies/Require MFA")
        #expect(resource.text(at: "properties.state") == #""enabledForReportingButNotEnforced""#)
        #expect(resource.text(at: "properties.displayName") == #""Require MFA""#)
        #expect(
            resource.text(at: "properties.conditions")
                == #"{"clientAppTypes": ["all"], "signInRiskLevels": ["high"], "applications": {"includeApplications": ["All"]}, "users": {"includeUsers": ["All"], "excludeUsers": ["breakglass"], "includeRoles": ["62e90394-69f5-4237-9190-012177145e10"]}}"#
        )
        #expect(
            resource.text(at: "properties.grantControls")
                == #"{"operator": "OR", "builtInControls": ["mfa"], "authenticationStrength": {"id": "/policies/x"}}"#)
        #expect(resource.value(at: "properties.state")?.location == SourceLocation(file: "main.tf", line: 1, column: 42))
    }
}
