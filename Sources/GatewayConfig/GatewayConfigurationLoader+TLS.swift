import Foundation
import LocatedYAML
import NIOSSL

/// The listener's certificate and key, checked as the gateway will load them, every problem reported: a file that
/// does not exist, is a folder or cannot be read; a certificate or key that is not PEM; a key that does not belong to
/// the certificate.
extension GatewayConfigurationLoader {
    func checkTLSFiles(_ reader: ConfigurationReader, _ node: YAMLNode, certificate: String?, privateKey: String?) {
        var certificates: [NIOSSLCertificate]?
        var key: NIOSSLPrivateKey?
        if let certificate, Self.checkReadable(reader, node["certificate"], "tls.certificate", certificate) {
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(certificate)
                if certificates?.isEmpty == true {
                    certificates = nil
                    reader.fail(node["certificate"], "tls.certificate", "\(certificate) holds no PEM certificate (BEGIN CERTIFICATE)")
                }
            } catch {
                reader.fail(node["certificate"], "tls.certificate", "\(certificate) is not a PEM certificate (BEGIN CERTIFICATE)")
            }
        }
        if let privateKey, Self.checkReadable(reader, node["privateKey"], "tls.privateKey", privateKey) {
            do { key = try NIOSSLPrivateKey(file: privateKey, format: .pem) } catch {
                reader.fail(
                    node["privateKey"], "tls.privateKey",
                    "\(privateKey) is not an unencrypted PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)")
            }
        }
        guard let leaf = certificates?.first, let key else { return }
        if !Self.belongsTogether(leaf, key) {
            reader.fail(
                node["privateKey"], "tls.privateKey",
                "\(privateKey ?? "") is not the private key of the certificate in \(certificate ?? ""): their public keys differ")
        }
    }

    /// True when `path` names a readable file; otherwise the reason is reported.
    private static func checkReadable(_ reader: ConfigurationReader, _ node: YAMLNode?, _ path: String, _ file: String) -> Bool {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) {
            reader.fail(node, path, "\(file) does not exist")
        } else if isFolder.boolValue {
            reader.fail(node, path, "\(file) is a folder; name the PEM file")
        } else if !FileManager.default.isReadableFile(atPath: file) {
            reader.fail(node, path, "cannot read \(file); check its permissions")
        } else {
            return true
        }
        return false
    }

    /// True when the key's public half is the certificate's: a TLS context built from them (BoringSSL checks the
    /// pair when the key is added) can be made.
    private static func belongsTogether(_ certificate: NIOSSLCertificate, _ key: NIOSSLPrivateKey) -> Bool {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        return (try? NIOSSLContext(configuration: configuration)) != nil
    }
}
