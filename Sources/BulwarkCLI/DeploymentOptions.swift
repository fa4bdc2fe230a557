import ArgumentParser
import ARMTemplates
import Foundation

/// The deployment context flags shared by `scan` and `expand`.
struct DeploymentOptions: ParsableArguments {
    @Option(name: .customLong("subscription-id"), help: "subscription().subscriptionId.")
    var subscriptionID: String = DeploymentContext.default.subscriptionID

    @Option(name: .customLong("resource-group"), help: "resourceGroup().name.")
    var resourceGroup: String = DeploymentContext.default.resourceGroup

    @Option(help: "resourceGroup().location, and deployment().location.")
    var location: String = DeploymentContext.default.location

    @Option(name: .customLong("tenant-id"), help: "tenant().tenantId and subscription().tenantId.")
    var tenantID: String = DeploymentContext.default.tenantID

    @Option(name: .customLong("deployment-name"), help: "deployment().name.")
    var deploymentName: String = DeploymentContext.default.deploymentName

    @Option(
        name: .customLong("utc-now"),
        help: ArgumentHelp("utcNow() as an ISO 8601 time, such as 2026-01-31T12:00:00Z; without it utcNow() is unknown.", valueName: "TIME")
    )
    var utcNow: String?

    func validate() throws {
        if let utcNow, Self.parse(utcNow) == nil {
            throw ValidationError("--utc-now expects an ISO 8601 time such as 2026-01-31T12:00:00Z, got '\(utcNow)'")
        }
    }

    var context: DeploymentContext {
        DeploymentContext(
            subscriptionID: subscriptionID, resourceGroup: resourceGroup, location: location, tenantID: tenantID,
            managementGroup: DeploymentContext.default.managementGroup, deploymentName: deploymentName,
            utcNow: utcNow.flatMap(Self.parse)
        )
    }

    private static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
