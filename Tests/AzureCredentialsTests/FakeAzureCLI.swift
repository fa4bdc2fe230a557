import Foundation
import GatewayTesting

/// A fake `az`: a shell script in its own folder (put first on the `PATH` given to the credential) that logs its
/// arguments, one call a line, and runs `body`.
struct FakeAzureCLI {
    let folder: TemporaryFolder
    let log: String

    init(_ body: String) throws {
        folder = try TemporaryFolder("bulwark-az")
        log = folder.path("calls.log")
        let bin = folder.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(log)'\n\(body)\n"
        let path = bin + "/az"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// `az` answering with `json`.
    static func answering(_ json: String) throws -> FakeAzureCLI {
        try FakeAzureCLI("cat <<'JSON'\n\(json)\nJSON")
    }

    /// The `PATH` with the fake first, then directories where `cat` lives.
    var path: String { folder.path("bin") + ":/usr/bin:/bin" }

    /// The arguments of each call so far.
    var calls: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func remove() { folder.remove() }
}
