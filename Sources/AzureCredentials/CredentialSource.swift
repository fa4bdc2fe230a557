public import Foundation

/// Where the gateway gets its own Entra tokens for an upstream.
public enum CredentialSource: Sendable, Hashable {
    /// The Azure Instance Metadata Service (VMs, AKS nodes, Container Instances); `endpoint` is its base URL.
    case instanceMetadata(endpoint: URL, clientID: String?)
    /// App Service and Functions: the endpoint and secret header come from the environment variables named.
    case appService(endpointEnvironment: String, headerEnvironment: String, clientID: String?)
    /// Workload identity (AKS, GitHub Actions): a federated token read from `tokenFile` on every exchange.
    case workloadIdentity(authority: URL, tenantID: String, clientID: String, tokenFile: String)
    /// An app registration's client secret, read from an environment variable.
    case clientSecret(authority: URL, tenantID: String, clientID: String, secretEnvironment: String)
}
