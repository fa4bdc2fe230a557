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
            guard let kind = entry["kind"] as? String, ["user_submitted", "baseline", "avm"].contains(kind),
                let path = entry["path"] as? String
            else { return nil }
            let version = (entry["languageVersion"] as? String)?.hasPrefix("2") == true ? " (2.0)" : ""
            let folder = path.split(separator: "/").prefix(kind == "user_submitted" ? 2 : 1).joined(separator: "/") + version
            return Case(path: path, folder: folder)
        }
    }

    @Test("corpus cases (languageVersion 1 and 2.0, AVM modules included) compile to the compiler's templates")
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

    @Test("corpus cases compiled with symbolic names match the compiler's main.symbolicnames.json")
    func symbolicNamesCorpus() throws {
        let bicepRoot = Self.corpusRoot.appendingPathComponent("bicep")
        guard FileManager.default.fileExists(atPath: bicepRoot.appendingPathComponent("manifest.json").path) else {
            print("Bicep corpus not found at \(bicepRoot.path): set BULWARK_CORPUS to run the corpus comparison; skipped")
            return
        }
        var exact: Set<String> = []
        var tally = (exact: 0, differs: 0, unsupported: 0, absent: 0)
        for testCase in try Self.cases(in: bicepRoot) {
            let directory = bicepRoot.appendingPathComponent(testCase.path)
            guard let expectedText = try? String(contentsOf: directory.appendingPathComponent("main.symbolicnames.json"), encoding: .utf8)
            else {
                tally.absent += 1
                continue
            }
            var options = BicepCompileOptions(registryRoot: bicepRoot.appendingPathComponent("registry").path)
            options.symbolicNameCodegen = true
            let compilation = BicepCompiler.compile(file: directory.appendingPathComponent("main.bicep").path, options: options)
            guard let template = compilation.template else {
                tally.unsupported += 1
                print("symbolic unsupported \(testCase.path): \(compilation.diagnostics.first?.description ?? "")")
                continue
            }
            let expected = Self.withoutGenerator(try JSONReader().read(expectedText))
            if let difference = Self.firstDifference(Self.withoutGenerator(template.jsonValue), expected, path: "") {
                tally.differs += 1
                print("symbolic differs \(testCase.path): \(difference)")
            } else {
                tally.exact += 1
                exact.insert(testCase.path)
            }
        }
        print("symbolic names: exact \(tally.exact), differs \(tally.differs), unsupported \(tally.unsupported), no file \(tally.absent)")
        print("symbolic exact cases: \(exact.sorted())")
        let regressions = Self.expectedExactSymbolicNames.subtracting(exact)
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
