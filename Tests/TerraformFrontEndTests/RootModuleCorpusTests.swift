import Foundation
import PostureModel
import Testing

@testable import TerraformFrontEnd

/// Root module discovery over the Terraform configurations of the shared corpus (`$BULWARK_CORPUS/terraform`,
/// default `../shared/corpus`): modules that examples call with `source = "../../"` are evaluated through them.
@Suite("Terraform front end: root modules of the corpus")
struct RootModuleCorpusTests {
    static var folder: String {
        let corpus = ProcessInfo.processInfo.environment["BULWARK_CORPUS"] ?? "../shared/corpus"
        return (corpus as NSString).appendingPathComponent("terraform")
    }

    /// Every `.tf` and `.tf.json` file below the folder, sorted, hidden folders skipped (as a scan walks).
    static func configurationFiles() -> [InputFile] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if TerraformFiles.isConfiguration(relative) { files.append(folder + "/" + relative) }
        }
        return files.sorted().map { InputFile(path: $0, isExplicit: false) }
    }

    @Test("module folders called by examples are not roots; every example, quickstart and sample is")
    func corpusRoots() throws {
        let files = Self.configurationFiles()
        guard !files.isEmpty else {
            print("skipped: no Terraform configuration in \(Self.folder) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        let start = ContinuousClock.now
        let found = RootModules.find(files)
        let elapsed = ContinuousClock.now - start
        let base = TerraformFiles.normalized(Self.folder)
        let modules = [
            "avm-res-cognitiveservices-account", "avm-res-cognitiveservices-account/modules/deployment",
            "avm-res-cognitiveservices-account/modules/rai_policy", "avm-res-machinelearningservices-workspace",
            "terraform-azurerm-openai",
        ].map { base + "/" + $0 }
        let folders = Set(files.map { TerraformFiles.folder(of: $0.path) })
        #expect(Set(found.roots) == folders.subtracting(modules))
        #expect(Set(found.notes.map { TerraformFiles.folder(of: $0.location.file) }) == Set(modules))
        #expect(found.roots.contains(base + "/avm-res-cognitiveservices-account/examples/default"))
        #expect(found.roots.contains(base + "/foundry-samples/00-basic/code"))
        print("\(files.count) configuration files in \(folders.count) folders: \(found.roots.count) root modules, found in \(elapsed)")
    }
}
