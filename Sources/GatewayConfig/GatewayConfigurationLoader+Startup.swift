import APIKeys
import AuditLog
import Foundation
import LocatedYAML

/// What `gateway serve` would refuse when it starts, checked while the configuration is read, so `gateway validate`
/// (which reads it the same way) cannot call valid a file that `serve` refuses: environment variables the key store
/// and the audit log need, the folders their files go in, the audit key's length, an audit log that is not text, the
/// vocabularies token limits count with, and the TLS files (`checkTLSFiles`). A PostgreSQL or Redis server that cannot
/// be reached is found only when `serve` connects.
extension GatewayConfigurationLoader {
    func checkStartup(
        _ reader: ConfigurationReader, keyStore: String?, pepperEnvironment: String?, audit: GatewayConfiguration.Audit?,
        limits: GatewayConfiguration.Limits, upstreams: [GatewayConfiguration.Upstream]
    ) {
        if let problem = limits.vocabularyProblem(upstreams: upstreams) {
            reader.fail(reader.root["limits"]?["rules"], "limits.rules", problem)
        }
        let keys = reader.root["keys"]
        if let pepperEnvironment { reader.requireEnvironment(pepperEnvironment, node: keys?["pepperEnv"], path: "keys.pepperEnv") }
        if let keyStore, let node = keys?["store"], case .sqlite(let path) = try? KeyStoreLocation(keyStore),
            let problem = Self.missingFolder(of: path)
        {
            reader.fail(node, "keys.store", problem)
        }
        guard let audit, let node = reader.root["audit"] else { return }
        if let problem = Self.missingFolder(of: audit.path) {
            reader.fail(node["path"], "audit.path", problem)
        } else if let data = FileManager.default.contents(atPath: audit.path), String(data: data, encoding: .utf8) == nil {
            reader.fail(node["path"], "audit.path", "\(audit.path) is not an audit log (not UTF-8 text); move it aside (and keep it)")
        }
        if let value = environment[audit.keyEnvironment], !value.isEmpty, case .failure(let error) = AuditKey.key(from: value) {
            reader.fail(node["hmacKeyEnv"], "audit.hmacKeyEnv", "\(audit.keyEnvironment): \(error)")
        }
    }

    /// Why a file cannot be created at `path` because of its folder; nil when the folder exists.
    static func missingFolder(of path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            return "the folder \(folder) does not exist; create it, or name a file in a folder that does"
        }
        return isFolder.boolValue ? nil : "\(folder) is not a folder"
    }
}
