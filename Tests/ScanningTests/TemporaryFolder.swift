import Foundation

/// A scratch folder for one test, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    var path: String { url.path }
}

enum Fixtures {
    /// A template with one Azure OpenAI account whose settings are given as JSON.
    static func accountTemplate(properties: String = #"{"disableLocalAuth": false}"#, name: String = "acct") -> String {
        """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {"localAuth": {"type": "bool", "defaultValue": true}},
          "resources": [
            {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "\(name)", "kind": "OpenAI",
             "properties": \(properties)}
          ]
        }
        """
    }
}
