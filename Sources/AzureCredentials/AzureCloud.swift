public import Foundation

/// The endpoints of one Azure cloud: where to sign in, Azure Resource Manager (and Resource Graph, which lives under
/// it), Microsoft Graph, and the token scopes for ARM and Graph.
public struct AzureCloud: Sendable, Hashable {
    /// `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`; `custom` once an endpoint is overridden.
    public var name: String
    /// The Entra authority host (`https://login.microsoftonline.com`).
    public var authorityHost: URL
    public var resourceManager: URL
    public var graph: URL
    /// The token scope for ARM (`https://management.azure.com/.default`).
    public var resourceManagerScope: String
    /// The token scope for Microsoft Graph (`https://graph.microsoft.com/.default`).
    public var graphScope: String

    public init(name: String, authorityHost: URL, resourceManager: URL, graph: URL, resourceManagerScope: String, graphScope: String) {
        self.name = name
        self.authorityHost = authorityHost
        self.resourceManager = resourceManager
        self.graph = graph
        self.resourceManagerScope = resourceManagerScope
        self.graphScope = graphScope
    }

    public static let azureCloud = AzureCloud(
        name: "AzureCloud", authorityHost: URL(string: "https://login.microsoftonline.com")!,
        resourceManager: URL(string: "https://management.azure.com")!, graph: URL(string: "https://graph.microsoft.com")!,
        resourceManagerScope: "https://management.azure.com/.default", graphScope: "https://graph.microsoft.com/.default")

    public static let usGovernment = AzureCloud(
        name: "AzureUSGovernment", authorityHost: URL(string: "https://login.microsoftonline.us")!,
        resourceManager: URL(string: "https://management.usgovcloudapi.net")!, graph: URL(string: "https://graph.microsoft.us")!,
        resourceManagerScope: "https://management.usgovcloudapi.net/.default", graphScope: "https://graph.microsoft.us/.default")

    public static let china = AzureCloud(
        name: "AzureChinaCloud", authorityHost: URL(string: "https://login.chinacloudapi.cn")!,
        resourceManager: URL(string: "https://management.chinacloudapi.cn")!,
        graph: URL(string: "https://microsoftgraph.chinacloudapi.cn")!,
        resourceManagerScope: "https://management.chinacloudapi.cn/.default",
        graphScope: "https://microsoftgraph.chinacloudapi.cn/.default")

    /// The clouds `--cloud` names.
    public static let known: [AzureCloud] = [.azureCloud, .usGovernment, .china]
}
