import ArgumentParser
import BicepFrontEnd
import Foundation

/// The Bicep flags shared by `scan`, `expand` and `build`, accepted whatever the input.
struct BicepOptions: ParsableArguments {
    static let environmentVariable = "BULWARK_BICEP_REGISTRY"

    @Option(
        name: .customLong("bicep-registry"),
        help: ArgumentHelp(
            "A folder of registry modules for Bicep, laid out as DIR/<registry>/<path>/<tag>/main.json (default: $BULWARK_BICEP_REGISTRY); then the Bicep CLI's cache, ~/.bicep/br.",
            valueName: "DIR"))
    var bicepRegistry: String?

    func validate() throws {
        guard let bicepRegistry else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: bicepRegistry, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--bicep-registry expects a folder, and '\(bicepRegistry)' is not one")
        }
    }

    /// The flag, else the environment variable (when set and not empty); then the Bicep CLI's cache in the home folder.
    var settings: BicepSettings {
        let fromEnvironment = ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let cache = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".bicep").path
        return BicepSettings(registryFolder: bicepRegistry ?? fromEnvironment, bicepCacheFolder: cache)
    }
}
