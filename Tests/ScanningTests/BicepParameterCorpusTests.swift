import BicepFrontEnd
import Foundation
import LocatedJSON
import ScanTesting
import Testing

/// The corpus's `.bicepparam` cases (`../shared/corpus/bicep/baselines_bicepparam`, or `BULWARK_CORPUS`): `build` of
/// each must equal the compiler's `parameters.json`, or stop with the error the case is known to need.
@Suite(".bicepparam corpus")
struct BicepParameterCorpusTests {
    static var root: URL {
        let corpus =
            ProcessInfo.processInfo.environment["BULWARK_CORPUS"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return corpus.appendingPathComponent("bicep/baselines_bicepparam")
    }

    /// The environment the compiler's baseline `Parameters` was built with (its `parameters.json` holds these values).
    static let environment = ["stringEnvVariableName": "test", "intEnvVariableName": "100", "boolEnvironmentVariable": "true"]

    /// What each case gives: nil for exactly the compiler's file, else the error message part it stops with.
    static let expected: [String: String?] = [
        "Parameters": nil,
        "Variables": nil,
        "Expressions": nil,
        "Imports": nil,
        "TypedVariables": nil,
    ]

    @Test("build of each case equals the compiler's parameters.json, with externalInput written as the compiler writes it")
    func corpus() throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: Self.root.path) else {
            print("Bicep corpus not found at \(Self.root.path): set BULWARK_CORPUS to run the .bicepparam comparison; skipped")
            return
        }
        let frontEnd = BicepFrontEnd(settings: BicepSettings(environment: Self.environment))
        for name in names.sorted() {
            let folder = Self.root.appendingPathComponent(name)
            let built = frontEnd.build(folder.appendingPathComponent("parameters.bicepparam").path)
            let expectedFailure = try #require(Self.expected[name], "a new corpus case: \(name)")
            if let expectedFailure {
                #expect(built.json == nil, "\(name)")
                #expect(built.problems.contains { $0.message.contains(expectedFailure) }, "\(name): \(built.problems)")
                continue
            }
            let json = try #require(built.json, "\(name): \(built.problems)")
            let expected = try JSONReader().read(String(contentsOf: folder.appendingPathComponent("parameters.json"), encoding: .utf8))
            #expect(Self.difference(try JSONReader().read(json), expected, path: name) == nil)
        }
    }

    static func difference(_ actual: JSONValue, _ expected: JSONValue, path: String) -> String? {
        switch (actual.kind, expected.kind) {
        case (.object(let left), .object(let right)):
            if Set(left.map(\.key)) != Set(right.map(\.key)) { return "\(path): keys \(left.map(\.key)) != \(right.map(\.key))" }
            for member in right {
                guard let mine = left.first(where: { $0.key == member.key }) else { continue }
                if let found = difference(mine.value, member.value, path: path + "." + member.key) { return found }
            }
            return nil
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return "\(path): \(left.count) items != \(right.count)" }
            for (index, pair) in zip(left, right).enumerated() {
                if let found = difference(pair.0, pair.1, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return actual.kind == expected.kind ? nil : "\(path): \(actual.kind) != \(expected.kind)"
        }
    }
}
