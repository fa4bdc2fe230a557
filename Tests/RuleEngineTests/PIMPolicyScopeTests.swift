import Foundation
import PostureModel
import Testing

@testable import RuleEngine

/// Graph has one PIM policy per directory role, about 130 in a tenant: the activation rules judge only the
/// privileged roles' policies, and a policy that does not say its role (a template's) as before.
@Suite("PIM activation rules on a tenant's policies")
struct PIMPolicyScopeTests {
    static func policy(role: String?) throws -> Resource {
        let role = role.map { #", "roleDefinitionId": "\#($0)""# } ?? ""
        return try AggregateTests.resource(
            "Microsoft.Graph/roleManagementPolicies", id: "DirectoryRole_t_\(UUID().uuidString)",
            #"{"properties": {"displayName": "Directory Role", "rules": []\#(role)}}"#)
    }

    @Test("BW-PIM-002 and BW-PIM-003 judge Global Administrator's policy and a template's, not a reader role's")
    func privilegedOnly() throws {
        let catalog = RuleCatalog.builtIn()
        for id in ["BW-PIM-002", "BW-PIM-003"] {
            let rule = try #require(catalog.rule(withID: id))
            let globalAdministrator = try Self.policy(role: "62e90394-69f5-4237-9190-012177145e10")
            let directoryReaders = try Self.policy(role: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b")
            let unstated = try Self.policy(role: nil)
            let index = ResourceIndex([globalAdministrator, directoryReaders, unstated])
            #expect(RuleEvaluator().evaluate(rule, on: globalAdministrator, in: index)?.status == .fail)
            #expect(RuleEvaluator().evaluate(rule, on: directoryReaders, in: index) == nil)
            #expect(RuleEvaluator().evaluate(rule, on: unstated, in: index)?.status == .fail)
        }
    }
}
