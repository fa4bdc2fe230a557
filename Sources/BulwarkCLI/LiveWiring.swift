import ArgumentParser
import AsyncHTTPClient
import AzureCredentials
import Foundation
import LiveCollection
import LiveSnapshot
import PostureModel

/// Wires a live collection from the command's options: the cloud, the credential chain, the REST client with its
/// progress display, and every collector (Microsoft Graph unless skipped).
enum LiveWiring {
    /// Collects the scope `options` names. Exits 2 when nothing could be collected: no cloud, no token, no readable
    /// subscription.
    static func collect(_ options: LiveOptions, quiet: Bool) async throws -> SnapshotContent {
        let environment = ProcessInfo.processInfo.environment
        let cloud: AzureCloud
        do {
            cloud = try AzureCloud.resolve(name: options.cloud, environment: environment)
        } catch {
            printError("bulwark: \(error)")
            throw ExitCode(2)
        }
        let credential = CredentialChain(choice: options.auth.flatMap(AuthChoice.init(argument:)), environment: environment, cloud: cloud)
        let progress = CollectionProgressLine(enabled: !quiet && Terminal.isTerminal(STDERR_FILENO))
        let statistics = RequestStatistics { progress.update($0) }
        let rest = AzureRESTClient(http: .shared, credential: credential, statistics: statistics)
        let context = CollectionContext(cloud: cloud, rest: rest) { progress.update($0) }
        let collectors = LiveCollector.armCollectors + (options.skipGraph ? [] : [GraphCollector()])
        let scope = CollectionScope(subscriptions: options.subscriptions, managementGroups: options.managementGroups)
        do {
            let content = try await LiveCollector(context: context, collectors: collectors).collect(scope, bulwarkVersion: ToolInfo.version)
            progress.finish()
            return content
        } catch {
            progress.finish()
            printError("bulwark: nothing could be collected: \(error)")
            throw ExitCode(2)
        }
    }

    /// How reports name a live scope: `live: subscription 0000…, management group platform`.
    static func scopeName(_ options: LiveOptions) -> String {
        let parts = options.subscriptions.map { "subscription \($0)" } + options.managementGroups.map { "management group \($0)" }
        return "live: " + (parts.isEmpty ? "every readable subscription" : parts.joined(separator: ", "))
    }

    /// One line per collector that did not read everything, and per subscription asked for that could not be read.
    static func warnings(_ manifest: SnapshotManifest) -> [String] {
        var lines = manifest.scope.unreadableSubscriptions.map { "warning: subscription \($0) does not exist or cannot be read" }
        for report in manifest.collectors where report.status != .complete {
            var line = "warning: \(report.name) is \(report.status.rawValue)"
            if let permission = report.missingPermission { line += " (needs \(permission))" }
            if let message = report.messages.first { line += ": \(message)" }
            lines.append(line)
        }
        return lines
    }
}

/// A collected estate as a scan input: one unit, judged as a scan of its snapshot folder would judge it.
struct CollectedEstate: InputFrontEnd {
    let content: SnapshotContent
    let name: String

    func claims(_ path: String) -> Bool { false }

    func plan(_ files: [PostureModel.InputFile]) -> InputPlan {
        let content = self.content, name = self.name
        return InputPlan(units: [InputUnit(name: name) { SnapshotLoading.load(content, origin: name) }])
    }
}
