import Foundation

/// The shared corpus of real `.nessus` exports: `BULWARK_CORPUS`, else `../shared/corpus` beside the package. Tests
/// that read it skip with a message when it is missing.
enum Corpus {
    static var root: URL {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    /// The sample's path, or nil (with a message) when the corpus is not there.
    static func nessus(_ name: String) -> String? {
        let path = root.appendingPathComponent("nessus").appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: no corpus sample at \(path) (set BULWARK_CORPUS to the corpus folder)")
            return nil
        }
        return path
    }

    static let pytenable = "pytenable/example.nessus"
    static let cvss3 = "defectdojo/nessus_with_cvssv3.nessus"
    static let qaEstate = "defectdojo/nessus_v_unknown.xml"
    static let rubyNessus = "ruby-nessus/example_v2.nessus"
    static let libnessus = "python-libnessus/nessus_report_local_3.nessus"
}
