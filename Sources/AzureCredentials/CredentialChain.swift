public import AsyncHTTPClient
public import Foundation
import Synchronization

/// The sources tried in order: environment, workload identity, managed identity (the instance metadata service given
/// 1 s to answer), Azure CLI; or exactly the one `--auth` picks. The first that gives a token is kept for every
/// later scope, and `sourceName` then names it.
///
/// A source that is not configured (its variables are not set, nothing answers at the metadata address, the CLI is
/// not signed in) passes to the next. A source that is configured but refused (a wrong secret, an unusable
/// certificate, a rejected federated token) ends the search: falling back to another identity would scan as someone
/// else than the user set up.
public final class CredentialChain: TokenCredential {
    /// The name before a source was chosen.
    public static let chainName = "credential chain (environment, workload identity, managed identity, Azure CLI)"

    private let choices: [AuthChoice]
    private let environment: [String: String]
    private let cloud: AzureCloud
    private let client: HTTPClient
    private let instanceMetadataEndpoint: URL
    private let now: @Sendable () -> Date
    private let chosen = Mutex<(any TokenCredential)?>(nil)
    private let selection = Selection()

    /// - Parameters:
    ///   - choice: the one source to use (`--auth`); nil tries them all in order.
    ///   - environment: the only variables any source reads (`PATH` finds `az`).
    ///   - cloud: its authority host is where the environment and workload identity sources sign in.
    ///   - instanceMetadataEndpoint: the instance metadata service's base URL (tests point it at a fake).
    public init(
        choice: AuthChoice? = nil, environment: [String: String], cloud: AzureCloud = .azureCloud, client: HTTPClient = .shared,
        instanceMetadataEndpoint: URL = ManagedIdentityCredential.instanceMetadataEndpoint,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.choices = choice.map { [$0] } ?? AuthChoice.allCases
        self.environment = environment
        self.cloud = cloud
        self.client = client
        self.instanceMetadataEndpoint = instanceMetadataEndpoint
        self.now = now
    }

    /// The chosen source's name once one gave a token; before that, the chain or the `--auth` choice.
    public var sourceName: String {
        if let credential = chosen.withLock({ $0 }) { return credential.sourceName }
        return choices.count == 1 ? Self.label(choices[0]) : Self.chainName
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        if let credential = chosen.withLock({ $0 }) { return try await credential.token(scope: scope) }
        let credential = try await selection.select { () async throws(CredentialError) -> any TokenCredential in
            try await self.firstWorking(scope: scope)
        }
        chosen.withLock { $0 = credential }
        return try await credential.token(scope: scope)
    }

    public func invalidate(scope: String) async {
        await chosen.withLock({ $0 })?.invalidate(scope: scope)
    }

    /// Tries each source for `scope`; the first that gives a token.
    private func firstWorking(scope: String) async throws(CredentialError) -> any TokenCredential {
        var tried: [String] = []
        for choice in choices {
            let credential: any TokenCredential
            do {
                credential = try make(choice)
            } catch {
                tried.append("\(Self.label(choice)): \(error)")
                if case .missingEnvironment = error { continue }
                throw .noCredential(tried: tried)
            }
            do {
                _ = try await credential.token(scope: scope)
                return credential
            } catch {
                tried.append("\(credential.sourceName): \(error)")
                if choice == .managedIdentity || choice == .azureCLI { continue }
                throw .noCredential(tried: tried)
            }
        }
        throw .noCredential(tried: tried)
    }

    private func make(_ choice: AuthChoice) throws(CredentialError) -> any TokenCredential {
        switch choice {
        case .environment: try EnvironmentCredential(environment: environment, cloud: cloud, client: client, now: now)
        case .workloadIdentity: try WorkloadIdentityCredential(environment: environment, cloud: cloud, client: client, now: now)
        case .managedIdentity:
            ManagedIdentityCredential(
                environment: environment, client: client, instanceMetadataEndpoint: instanceMetadataEndpoint,
                probeTimeout: choices.count > 1 ? .seconds(1) : nil, now: now)
        case .azureCLI: AzureCLICredential(environment: environment, now: now)
        }
    }

    private static func label(_ choice: AuthChoice) -> String {
        switch choice {
        case .environment: "environment"
        case .workloadIdentity: "workload identity"
        case .managedIdentity: "managed identity"
        case .azureCLI: "Azure CLI"
        }
    }
}

/// One search for a working source at a time: concurrent first callers share it; a failed search is tried again by
/// the next caller (the user may have signed in since).
private actor Selection {
    private var running: Task<any TokenCredential, any Error>?

    func select(_ search: @escaping @Sendable () async throws(CredentialError) -> any TokenCredential) async throws(CredentialError)
        -> any TokenCredential
    {
        let task = running ?? Task { try await search() }
        running = task
        do {
            return try await task.value
        } catch {
            if running == task { running = nil }
            throw (error as? CredentialError) ?? .noCredential(tried: [])
        }
    }
}
