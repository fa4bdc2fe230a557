import BicepCompiler
import BicepSyntax
import Foundation
import LocatedJSON
import Testing

/// Compiles the Bicep corpus's single-file cases and compares each template with the official compiler's
/// `main.json`, after removing every `metadata._generator`. The corpus path comes from `BULWARK_CORPUS`, else
/// `../shared/corpus` beside the package; the test skips with a message when it is absent.
@Suite("Bicep corpus compilation")
struct CorpusCompilationTests {
    static var corpusRoot: URL {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    /// Cases that compiled to exactly the compiler's template in a real run: each must keep doing so.
    static let expectedExact: Set<String> = [
        "baselines/AKS_LF",
        "baselines/Dependencies_LF",
        "baselines/Empty",
        "baselines/Loops_LF",
        "baselines/Metadata_CRLF",
        "baselines/ModulesSubscription_LF",
        "baselines/ModulesWithScopes_LF",
        "baselines/MultilineStrings_LF",
        "baselines/NestedResources_LF",
        "baselines/Outputs_CRLF",
        "baselines/Parameters_CRLF",
        "baselines/Parameters_LF",
        "baselines/PrettyPrint_LF",
        "baselines/ResourcesManagementGroup_CRLF",
        "baselines/ResourcesSubscription_CRLF",
        "baselines/Resources_CRLF",
        "baselines/VariablesManagementGroup_LF",
        "baselines/VariablesSubscription_LF",
        "baselines/Variables_LF",
        "user_submitted/000/11-multiline-strings",
        "user_submitted/000/20-array-loop",
        "user_submitted/000/21-array-lookup",
        "user_submitted/000/30-json-object-simple",
        "user_submitted/000/31-json-object-complex",
        "user_submitted/101/aadds-dual-region-replica-sets",
        "user_submitted/101/aci-linuxcontainer-public-ip",
        "user_submitted/101/aks",
        "user_submitted/101/api-management-create-with-msi",
        "user_submitted/101/api-management-modular",
        "user_submitted/101/app-config",
        "user_submitted/101/azure-bastion",
        "user_submitted/101/azure-search-create",
        "user_submitted/101/azure-sentinel",
        "user_submitted/101/basic-batch-account",
        "user_submitted/101/cognitive-services",
        "user_submitted/101/container-registry",
        "user_submitted/101/cosmosdb-free",
        "user_submitted/101/cosmosdb-private-endpoint",
        "user_submitted/101/cosmosdb-webapp",
        "user_submitted/101/create-managedidentity-rbac",
        "user_submitted/101/create-rg-lock-role-assignment",
        "user_submitted/101/custom-role-definition-assignment",
        "user_submitted/101/data-factory-v2",
        "user_submitted/101/data-factory-v2-blob-to-blob-copy",
        "user_submitted/101/data-lake-store-encryption-adls",
        "user_submitted/101/databricks-all-in-one-template-for-vnet-injection",
        "user_submitted/101/databricks-workspace",
        "user_submitted/101/deployment-script-no-auth",
        "user_submitted/101/deployment-script-with-storage",
        "user_submitted/101/event-grid-servicebus-queue",
        "user_submitted/101/eventhub-namespace",
        "user_submitted/101/front-door-basic",
        "user_submitted/101/front-door-custom-domain",
        "user_submitted/101/front-door-redirect",
        "user_submitted/101/function-http-trigger",
        "user_submitted/101/function-premium-vnet-integration",
        "user_submitted/101/hub-and-spoke",
        "user_submitted/101/key-vault-create",
        "user_submitted/101/key-vault-secret-only",
        "user_submitted/101/logic-app-create",
        "user_submitted/101/mg-policy",
        "user_submitted/101/nat-gateway-vnet",
        "user_submitted/101/private-dns-zone",
        "user_submitted/101/private-endpoint-webapp",
        "user_submitted/101/redis-cache",
        "user_submitted/101/sql-database",
        "user_submitted/101/sqlmi-new-vnet",
        "user_submitted/101/storage-blob-container",
        "user_submitted/101/storage-static-website",
        "user_submitted/101/template-spec-deploy",
        "user_submitted/101/templatespec-create",
        "user_submitted/101/vm-simple-linux",
        "user_submitted/101/vm-simple-windows",
        "user_submitted/101/webapp-privateendpoint-vnet-injection",
        "user_submitted/201/1vm-2nics-2subnets-1vnet",
        "user_submitted/201/aci-sftp-files",
        "user_submitted/201/aci-wordpress",
        "user_submitted/201/api-management-create-all-resources",
        "user_submitted/201/avd-backplane-with-network-and-storage-and-monitoring",
        "user_submitted/201/budget-subscription-with-notifications",
        "user_submitted/201/cdn-with-storage-account",
        "user_submitted/201/cloud-shell-vnet",
        "user_submitted/201/create-and-enable-ddos-protection-plans",
        "user_submitted/201/cyclecloud",
        "user_submitted/201/existing-vnet-to-vnet-peering",
        "user_submitted/201/front-door-with-webapplication-firewall",
        "user_submitted/201/iot-with-storage",
        "user_submitted/201/key-vault-secret-create",
        "user_submitted/201/log-analytics-with-solutions-and-diagnostics",
        "user_submitted/201/policy-azmonitor-agent-and-dcr-association",
        "user_submitted/201/policy-definition-with-assignment",
        "user_submitted/201/proximity-placement-with-multi-resource-groups",
        "user_submitted/201/redis-premium-persistence",
        "user_submitted/201/shared-image-gallery-with-image-defintition-and-role-assignment",
        "user_submitted/201/vm-copy-managed-disks",
        "user_submitted/201/vm-domain-join",
        "user_submitted/201/vm-push-certificate-windows",
        "user_submitted/201/vm-windows-with-custom-script-extension",
        "user_submitted/201/vm-windows10-with-nvidia-gpu-extension-and-condition",
        "user_submitted/201/vmss-windows-autoscale",
        "user_submitted/201/vnet-to-vnet-peering",
        "user_submitted/201/vnet-with-subnet-and-user-defined-route",
        "user_submitted/201/web-app-conditional-log",
        "user_submitted/201/web-app-loganalytics",
        "user_submitted/201/web-app-loganalytics-mod",
        "user_submitted/201/web-app-sql-database",
        "user_submitted/301/automation-account-import-runbooks-and-modules",
        "user_submitted/301/deployifnotexists-policy-with-initiative-and-assignment",
        "user_submitted/301/deployment-script-dev-environment",
        "user_submitted/301/expressroute-circuit-vnet-connection",
        "user_submitted/301/function-app-with-custom-domain-managed-certificate",
        "user_submitted/301/insights-alertrules-application-insights",
        "user_submitted/301/log-analytics-with-datasources-solutions",
        "user_submitted/301/management-groups-nested-with-subscriptions",
        "user_submitted/301/modules-vwan-to-vnet-s2s-with-fw",
        "user_submitted/301/nested-vms-in-virtual-network",
        "user_submitted/301/publish-api-to-apim-opendocs",
        "user_submitted/301/servicebus-namespace-vnet",
        "user_submitted/301/sql-database-with-management",
        "user_submitted/301/web-app-managed-identity-sql-db",
    ]

    struct Case {
        var path: String
        var folder: String
    }

    static func cases(in bicepRoot: URL) throws -> [Case] {
        let data = try Data(contentsOf: bicepRoot.appendingPathComponent("manifest.json"))
        guard let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = manifest["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { entry in
            guard let kind = entry["kind"] as? String, kind == "user_submitted" || kind == "baseline",
                let path = entry["path"] as? String, (entry["languageVersion"] as? String)?.hasPrefix("1.0") == true
            else { return nil }
            let folder = path.split(separator: "/").prefix(kind == "baseline" ? 1 : 2).joined(separator: "/")
            return Case(path: path, folder: folder)
        }
    }

    @Test("languageVersion 1 corpus cases compile to the compiler's templates")
    func corpus() throws {
        let bicepRoot = Self.corpusRoot.appendingPathComponent("bicep")
        guard FileManager.default.fileExists(atPath: bicepRoot.appendingPathComponent("manifest.json").path) else {
            print("Bicep corpus not found at \(bicepRoot.path): set BULWARK_CORPUS to run the corpus comparison; skipped")
            return
        }
        var exact: Set<String> = []
        var counts: [String: (exact: Int, differs: Int, unsupported: Int)] = [:]
        var reasons: [String: Int] = [:]
        for testCase in try Self.cases(in: bicepRoot) {
            let directory = bicepRoot.appendingPathComponent(testCase.path)
            let expectedText = try String(contentsOf: directory.appendingPathComponent("main.json"), encoding: .utf8)
            let options = BicepCompileOptions(registryRoot: bicepRoot.appendingPathComponent("registry").path)
            let compilation = BicepCompiler.compile(file: directory.appendingPathComponent("main.bicep").path, options: options)
            var tally = counts[testCase.folder] ?? (0, 0, 0)
            defer { counts[testCase.folder] = tally }
            guard let template = compilation.template else {
                tally.unsupported += 1
                let first = compilation.diagnostics.first.map { "\($0.code): \($0.message)" } ?? "no diagnostic"
                print("unsupported \(testCase.path): \(compilation.diagnostics.first?.description ?? "")")
                reasons[String(first.prefix(90)), default: 0] += 1
                continue
            }
            let expected = Self.withoutGenerator(try JSONReader().read(expectedText))
            let actual = Self.withoutGenerator(template.jsonValue)
            if let difference = Self.firstDifference(actual, expected, path: "") {
                tally.differs += 1
                print("differs \(testCase.path): \(difference)")
            } else {
                tally.exact += 1
                exact.insert(testCase.path)
            }
        }
        for (folder, tally) in counts.sorted(by: { $0.key < $1.key }) {
            print("corpus \(folder): exact \(tally.exact), differs \(tally.differs), unsupported \(tally.unsupported)")
        }
        for (reason, count) in reasons.sorted(by: { $0.value > $1.value }) { print("unsupported x\(count): \(reason)") }
        print("exact cases: \(exact.sorted())")
        let regressions = Self.expectedExact.subtracting(exact)
        #expect(regressions.isEmpty, "cases that matched before and no longer do: \(regressions.sorted())")
    }

    /// The value with every `metadata._generator` removed, at any depth.
    static func withoutGenerator(_ value: JSONValue) -> JSONValue {
        switch value.kind {
        case .array(let items): return JSONValue(.array(items.map(withoutGenerator)), at: value.position)
        case .object(let members):
            let cleaned = members.map { member -> JSONMember in
                var member = member
                if member.key == "metadata", case .object(let inner) = member.value.kind {
                    member.value = JSONValue(.object(inner.filter { $0.key != "_generator" }), at: member.value.position)
                }
                member.value = withoutGenerator(member.value)
                return member
            }
            return JSONValue(.object(cleaned), at: value.position)
        default: return value
        }
    }

    /// The first place where two JSON values differ (object keys in any order), or nil when they are equal.
    static func firstDifference(_ actual: JSONValue, _ expected: JSONValue, path: String) -> String? {
        switch (actual.kind, expected.kind) {
        case (.object(let left), .object(let right)):
            let leftKeys = left.map(\.key)
            let rightKeys = right.map(\.key)
            if Set(leftKeys) != Set(rightKeys) {
                return "\(path): keys \(leftKeys) != expected \(rightKeys)"
            }
            for member in right {
                guard let mine = left.first(where: { $0.key == member.key }) else { continue }
                if let difference = firstDifference(mine.value, member.value, path: path + "." + member.key) { return difference }
            }
            return nil
        case (.array(let left), .array(let right)):
            if left.count != right.count { return "\(path): \(left.count) items != expected \(right.count)" }
            for (index, pair) in zip(left, right).enumerated() {
                if let difference = firstDifference(pair.0, pair.1, path: path + "[\(index)]") { return difference }
            }
            return nil
        case (.integer(let left), .double(let right)) where Double(left) == right: return nil
        default:
            return actual.kind == expected.kind ? nil : "\(path): \(describe(actual)) != expected \(describe(expected))"
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value.kind {
        case .string(let text): "\"\(text)\""
        case .integer(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        default: value.kindDescription
        }
    }
}
