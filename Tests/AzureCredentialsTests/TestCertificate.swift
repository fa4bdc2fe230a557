import Foundation
import GatewayTesting

/// A self-signed certificate and RSA key made with the `openssl` command, when it is installed.
struct TestCertificate {
    /// The certificate followed by its unencrypted key, as `AZURE_CLIENT_CERTIFICATE_PATH` expects.
    let combinedPath: String
    let keyPath: String
    let certificateDER: Data
    let publicKeyPEM: String

    static let openssl: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    init(in folder: TemporaryFolder) throws {
        let (certificate, key) = (folder.path("cert.pem"), folder.path("key.pem"))
        try Self.run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-subj", "/CN=bulwark-test", "-days", "1",
        ])
        let certificatePEM = try String(contentsOfFile: certificate, encoding: .utf8)
        combinedPath = folder.path("combined.pem")
        try (certificatePEM + String(contentsOfFile: key, encoding: .utf8)).write(toFile: combinedPath, atomically: true, encoding: .utf8)
        keyPath = key
        publicKeyPEM = String(decoding: try Self.run(["x509", "-in", certificate, "-pubkey", "-noout"]), as: UTF8.self)
        certificateDER = try Self.run(["x509", "-in", certificate, "-outform", "DER"])
    }

    /// Runs openssl with `arguments`; its standard output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        guard let openssl else { throw TestCertificateError.opensslFailed("openssl is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestCertificateError.opensslFailed("openssl \(arguments.first ?? "") failed") }
        return data
    }
}

enum TestCertificateError: Error {
    case opensslFailed(String)
}
