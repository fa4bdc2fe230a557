import AzureCredentials
import Foundation
import Testing

@Suite("Cloud resolution")
struct CloudResolutionTests {
    @Test("--cloud names are case-insensitive; no name is the public cloud")
    func names() throws {
        #expect(try AzureCloud.resolve(name: nil, environment: [:]) == .azureCloud)
        #expect(try AzureCloud.resolve(name: "azureusgovernment", environment: [:]) == .usGovernment)
        #expect(try AzureCloud.resolve(name: "AZURECHINACLOUD", environment: [:]) == .china)
    }

    @Test("an unknown name is an error listing the known ones")
    func unknown() {
        #expect(throws: CloudError.unknownCloud(name: "AzureGermanCloud", known: ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"])) {
            try AzureCloud.resolve(name: "AzureGermanCloud", environment: [:])
        }
        let message = "\(CloudError.unknownCloud(name: "x", known: ["AzureCloud", "AzureChinaCloud"]))"
        #expect(message.contains("AzureCloud, AzureChinaCloud"))
    }

    @Test("overrides replace endpoints, make the name custom, and keep the named cloud's scopes")
    func overrides() throws {
        let cloud = try AzureCloud.resolve(
            name: "AzureUSGovernment",
            environment: [
                "AZURE_AUTHORITY_HOST": "http://127.0.0.1:8443", "BULWARK_ARM_ENDPOINT": "https://arm.example.test",
                "BULWARK_GRAPH_ENDPOINT": "http://localhost:9000/graph",
            ])
        #expect(cloud.name == "custom")
        #expect(cloud.authorityHost.absoluteString == "http://127.0.0.1:8443")
        #expect(cloud.resourceManager.absoluteString == "https://arm.example.test")
        #expect(cloud.graph.absoluteString == "http://localhost:9000/graph")
        #expect(cloud.resourceManagerScope == AzureCloud.usGovernment.resourceManagerScope)
        #expect(cloud.graphScope == AzureCloud.usGovernment.graphScope)
        let one = try AzureCloud.resolve(name: nil, environment: ["BULWARK_GRAPH_ENDPOINT": "https://graph.example.test"])
        #expect(one.name == "custom")
        #expect(one.resourceManager == AzureCloud.azureCloud.resourceManager)
        #expect(
            try AzureCloud.resolve(name: nil, environment: ["BULWARK_ARM_ENDPOINT": ""]).name == "AzureCloud", "an empty value is unset")
    }

    @Test(
        "plain http only to loopback: 127.0.0.0/8, ::1, localhost",
        arguments: [
            "http://127.0.0.1:1", "http://127.1.2.3", "http://[::1]:8080", "http://localhost:5000", "http://LOCALHOST",
            "https://anything.example",
        ])
    func loopbackAccepted(_ endpoint: String) throws {
        #expect(
            try AzureCloud.resolve(name: nil, environment: ["BULWARK_ARM_ENDPOINT": endpoint]).resourceManager.absoluteString == endpoint)
    }

    @Test(
        "anything else is an error naming the variable",
        arguments: [
            "http://management.azure.com", "http://10.0.0.1", "http://128.0.0.1", "http://127.0.0.1.example.com", "ftp://127.0.0.1",
            "management.azure.com", "http://localhost.evil.test", "https://user:pass@login.example",
        ])
    func rejected(_ endpoint: String) {
        for variable in ["AZURE_AUTHORITY_HOST", "BULWARK_ARM_ENDPOINT", "BULWARK_GRAPH_ENDPOINT"] {
            do {
                _ = try AzureCloud.resolve(name: nil, environment: [variable: endpoint])
                Issue.record("\(endpoint) was accepted for \(variable)")
            } catch {
                #expect("\(error)".hasPrefix("\(variable):"))
                #expect(!"\(error)".contains("pass@"), "a password in the URL is never repeated")
            }
        }
    }
}
