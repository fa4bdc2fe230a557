import ARMTemplates
import Foundation
import LiveSnapshot
import LocatedJSON
import PostureModel

/// Small collected estates for the tests, written as JSON so they read like what a collector produces.
enum SnapshotFixtures {
    static let subscription = "00000000-0000-0000-0000-000000000001"
    static let group = "/subscriptions/\(subscription)/resourceGroups/rg-ai"
    static let account = "\(group)/providers/Microsoft.CognitiveServices/accounts/oai-prod"
    static let deployment = "\(account)/deployments/gpt-4o"
    static let diagnostics = "\(account)/providers/Microsoft.Insights/diagnosticSettings/to-law"
    static let tenant = "11111111-2222-3333-4444-555555555555"

    /// A record from JSON text, without locations (as a collector builds it in memory).
    static func record(_ json: String) throws -> Value {
        Value(json: try JSONReader().read(json), file: "fixture").relocated(to: nil)
    }

    static func manifest(collectors: [CollectorReport] = [], tenantDisplayName: String? = nil) -> SnapshotManifest {
        SnapshotManifest(
            createdAt: "2026-12-07T00:00:00Z", bulwarkVersion: "test", cloud: "AzureCloud",
            endpoints: .init(
                authority: "https://login.microsoftonline.com", resourceManager: "https://management.azure.com",
                graph: "https://graph.microsoft.com"),
            tenantID: tenant, tenantDisplayName: tenantDisplayName, scope: .init(subscriptions: [subscription]),
            principal: .init(kind: "servicePrincipal", id: "app-id", credential: "environment (client secret)"),
            collectors: collectors)
    }

    /// An AI account that accepts keys, its deployment, its diagnostic setting and a Conditional Access policy.
    static func estate(collectors: [CollectorReport] = []) throws -> SnapshotContent {
        SnapshotContent(
            manifest: manifest(collectors: collectors),
            armResources: [
                try record(
                    #"{"id": "\#(account)", "name": "oai-prod", "type": "Microsoft.CognitiveServices/accounts", "kind": "OpenAI", "location": "swedencentral", "sku": {"name": "S0"}, "properties": {"disableLocalAuth": false, "publicNetworkAccess": "Disabled", "customSubDomainName": "oai-prod"}}"#
                ),
                try record(
                    #"{"id": "\#(deployment)", "name": "oai-prod/gpt-4o", "type": "Microsoft.CognitiveServices/accounts/deployments", "sku": {"name": "Standard", "capacity": 10}, "properties": {"model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}, "raiPolicyName": "Microsoft.DefaultV2"}}"#
                ),
                try record(
                    #"{"id": "\#(diagnostics)", "name": "to-law", "type": "Microsoft.Insights/diagnosticSettings", "scope": "\#(account)", "properties": {"workspaceId": "\#(group)/providers/Microsoft.OperationalInsights/workspaces/law", "logs": [{"categoryGroup": "allLogs", "enabled": true}]}}"#
                ),
            ],
            graphObjects: [
                try record(
                    #"{"id": "6b5fb7a8-0000-0000-0000-000000000001", "name": "Require MFA for admins", "type": "Microsoft.Graph/conditionalAccessPolicies", "properties": {"id": "6b5fb7a8-0000-0000-0000-000000000001", "displayName": "Require MFA for admins", "state": "enabled", "conditions": {"users": {"includeRoles": ["62e90394-69f5-4237-9190-012177145e10"]}}, "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}}"#
                )
            ])
    }

    /// The file's bytes, or empty when it cannot be read.
    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    static func text(_ path: String) -> String {
        String(decoding: bytes(path), as: UTF8.self)
    }
}
