public import Foundation

/// What a fake Microsoft Graph serves: collections and single objects by their path after `/v1.0`
/// (`/identity/conditionalAccess/policies`), each object as JSON text, and recorded pages served as they were.
public struct FakeGraphTenant: Sendable {
    public var tenantID: String
    public var displayName: String
    /// Collections, paged by the fake (`FakeGraphFaults.pageSize`).
    public var collections: [String: [String]]
    /// Single objects (`/policies/authenticationMethodsPolicy`).
    public var objects: [String: String]
    /// Recorded pages of a collection, served instead of `collections[path]`: each page's body, and the query the
    /// page was requested with (empty for the first). `https://graph.microsoft.com` in a body's `@odata.nextLink` is
    /// replaced by the fake's own address.
    public var recordedPages: [String: [(query: String, body: String)]]

    public init(
        tenantID: String = "72f988bf-86f1-41af-91ab-2d7cd011db47", displayName: String = "Contoso (fake)",
        collections: [String: [String]] = [:], objects: [String: String] = [:],
        recordedPages: [String: [(query: String, body: String)]] = [:]
    ) {
        self.tenantID = tenantID
        self.displayName = displayName
        self.collections = collections
        self.objects = objects
        self.recordedPages = recordedPages
    }

    /// The paths the Graph collector reads.
    public enum Path {
        public static let conditionalAccessPolicies = "/identity/conditionalAccess/policies"
        public static let namedLocations = "/identity/conditionalAccess/namedLocations"
        public static let securityDefaults = "/policies/identitySecurityDefaultsEnforcementPolicy"
        public static let authenticationMethodsPolicy = "/policies/authenticationMethodsPolicy"
        public static let roleDefinitions = "/roleManagement/directory/roleDefinitions"
        public static let roleAssignments = "/roleManagement/directory/roleAssignments"
        public static let roleEligibilitySchedules = "/roleManagement/directory/roleEligibilitySchedules"
        public static let roleAssignmentSchedules = "/roleManagement/directory/roleAssignmentSchedules"
        public static let roleAssignmentScheduleInstances = "/roleManagement/directory/roleAssignmentScheduleInstances"
        public static let roleManagementPolicyAssignments = "/policies/roleManagementPolicyAssignments"
        public static let organization = "/organization"
    }

    /// The tenant the corpus describes (`{corpus}/rest/graph`): conditional access policies from the v1.0 docs
    /// example (2) and the ScubaGear sample (7), named locations (3), security defaults, the v1.0 authentication
    /// methods policy, the docs' eligibility schedule (1), assignment schedule instances (2 + 26), and Global
    /// Administrator's PIM policy with ScubaGear's 17 rules; ScubaGear's beta objects are re-served under v1.0. The
    /// corpus has no role definitions, role assignments or assignment schedules: ``FakeGraphSamples`` supplies them.
    public static func corpus(at corpusRoot: URL) throws -> FakeGraphTenant {
        let graph = corpusRoot.appendingPathComponent("rest/graph")
        func body(_ file: String) throws -> [String: Any] {
            let data = try Data(contentsOf: graph.appendingPathComponent(file))
            guard let exchange = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let response = exchange["response"] as? [String: Any], let body = response["body"] as? [String: Any]
            else { throw FakeGraphError.notAnExchange(file) }
            return body
        }
        func values(_ file: String) throws -> [String] {
            guard let values = try body(file)["value"] as? [Any] else { throw FakeGraphError.notAnExchange(file) }
            return try values.map(FakeGraphJSON.text)
        }
        var tenant = FakeGraphTenant()
        tenant.collections[Path.conditionalAccessPolicies] =
            try values("v1.0/identity/conditionalAccess/policies.docs-example.json")
            + values("beta/identity/conditionalAccess/policies.scubagear-sample.json")
        tenant.collections[Path.namedLocations] = try values("v1.0/identity/conditionalAccess/namedLocations.docs-example.json")
        tenant.objects[Path.securityDefaults] = try FakeGraphJSON.text(
            body("v1.0/policies/identitySecurityDefaultsEnforcementPolicy.docs-example.json"))
        tenant.objects[Path.authenticationMethodsPolicy] = try FakeGraphJSON.text(
            body("v1.0/policies/authenticationMethodsPolicy.docs-example.json"))
        tenant.collections[Path.roleEligibilitySchedules] = try values(
            "v1.0/roleManagement/directory/roleEligibilitySchedules.docs-example.json")
        tenant.collections[Path.roleAssignmentScheduleInstances] =
            try values("v1.0/roleManagement/directory/roleAssignmentScheduleInstances.docs-example.json")
            + values("beta/roleManagement/directory/roleAssignmentScheduleInstances.scubagear-sample.json")
        let rules =
            try body("beta/policies/roleManagementPolicies/GlobalAdministrator.rules.scubagear-sample.json")["value"] as? [Any] ?? []
        tenant.collections[Path.roleManagementPolicyAssignments] = [try FakeGraphSamples.globalAdministratorPolicyAssignment(rules: rules)]
        tenant.collections[Path.roleDefinitions] = FakeGraphSamples.roleDefinitions
        tenant.collections[Path.roleAssignments] = FakeGraphSamples.roleAssignments
        tenant.collections[Path.roleAssignmentSchedules] = FakeGraphSamples.roleAssignmentSchedules
        return tenant
    }

    /// Serves `fixtures/ca-policies-paged` (two recorded pages, 3 + 2 policies) for the conditional access policies.
    public mutating func usePagedConditionalAccessFixture(corpusRoot: URL) throws {
        let folder = corpusRoot.appendingPathComponent("rest/graph/fixtures/ca-policies-paged")
        var pages: [(query: String, body: String)] = []
        for file in ["page-1.json", "page-2.json"] {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            guard let exchange = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let request = exchange["request"] as? [String: Any], let url = request["url"] as? String,
                let response = exchange["response"] as? [String: Any], let body = response["body"]
            else { throw FakeGraphError.notAnExchange(file) }
            let query = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...]) } ?? ""
            pages.append((query, try FakeGraphJSON.text(body)))
        }
        recordedPages[Path.conditionalAccessPolicies] = pages
    }
}

public enum FakeGraphError: Error, Sendable {
    case notAnExchange(String)
    case notJSON
}

/// JSON text of Foundation JSON objects.
enum FakeGraphJSON {
    static func text(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .sortedKeys])
        guard let text = String(data: data, encoding: .utf8) else { throw FakeGraphError.notJSON }
        return text
    }
}
