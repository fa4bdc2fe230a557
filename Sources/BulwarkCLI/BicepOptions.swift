import ArgumentParser
import BicepFrontEnd
import Foundation

/// The Bicep flags shared by `scan`, `expand` and `build`, accepted whatever the input.
struct BicepOptions: ParsableArguments {
    static let environmentVariable = "BULWARK_BICEP_REGISTRY"

    @Option(
        name: .customLong("bicep-registry"),
        help: ArgumentHelp(
            "A folder of registry modules for Bicep, laid out as DIR/<registry>/<path>/<tag>/main.json (default: $BULWARK_BICEP_REGISTRY).",
            valueName: "DIR"))
    var bicepRegistry: String?

    func validate() throws {
        guard let bicepRegistry else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: bicepRegistry, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--bicep-registry expects a folder, and '\(bicepRegistry)' is not one")
        }
    }

    /// The flag, else the environment variable (when set and not empty).
    var settings: BicepSettings {
        let fromEnvironment = ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        return BicepSettings(registryFolder: bicepRegistry ?? fromEnvironment)
    }
}
