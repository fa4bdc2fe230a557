import Foundation
import PostureModel
import SourceModel
import TerraformEvaluation
import TerraformModel

/// A scratch folder for one test, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-tf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// A test fixture, not Terraform's library: the handful of functions these tests call, with Terraform's results
/// for the arguments the tests give, unknown when an argument is unknown, and `provider::test::double`.
struct FixtureFunctions: TerraformFunctionLibrary {
    func call(_ name: String, _ arguments: [TerraformValue], context: TerraformFunctionContext) throws(TerraformFunctionError)
        -> TerraformValue
    {
        let known: Set = ["upper", "length", "join", "toset", "concat", "max", "file", "provider::test::double"]
        guard known.contains(name) else { throw .unknownFunction(name) }
        if arguments.contains(where: \.isUnknown) { return .unknown("\(name)(...)", reason: "depends on an unknown argument") }
        switch name {
        case "upper":
            guard let text = arguments.first?.stringValue else { throw .invalidArguments(function: name, message: "a string") }
            return .string(text.uppercased())
        case "length":
            if let elements = arguments.first?.elements { return .number(Double(elements.count)) }
            if let members = arguments.first?.members { return .number(Double(members.count)) }
            if let text = arguments.first?.stringValue { return .number(Double(text.count)) }
            throw .invalidArguments(function: name, message: "a collection or string")
        case "join":
            guard arguments.count == 2, let separator = arguments[0].stringValue, let elements = arguments[1].elements else {
                throw .invalidArguments(function: name, message: "a separator and a list")
            }
            return .string(elements.compactMap(\.stringValue).joined(separator: separator))
        case "toset":
            guard let elements = arguments.first?.elements else { throw .invalidArguments(function: name, message: "a list") }
            return .set(elements)
        case "concat":
            return TerraformValue(.tuple(arguments.flatMap { $0.elements ?? [] }))
        case "max":
            return .number(arguments.compactMap(\.numberValue).max() ?? 0)
        case "file":
            throw .failed(function: name, message: "no such file")
        case "provider::test::double":
            guard let number = arguments.first?.numberValue else { throw .invalidArguments(function: name, message: "a number") }
            return .number(number * 2)
        default:
            throw .unknownFunction(name)
        }
    }
}

/// A test fixture identifier: `test_vault` resources get an ARM-style id from their name.
struct FixtureIdentifier: TerraformResourceIdentifier {
    func armID(type: String, attributes: TerraformValue) -> String? {
        guard type == "test_vault", let name = attributes[member: "name"]?.stringValue else { return nil }
        return "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.KeyVault/vaults/\(name)"
    }
}

/// Evaluates the files given (name → text) as a root module.
func evaluate(
    _ files: [String: String], inputs: TerraformVariableInputs = TerraformVariableInputs(), in folder: TemporaryFolder? = nil
) throws -> (TerraformConfiguration, TemporaryFolder) {
    let folder = try folder ?? TemporaryFolder()
    for (name, text) in files { try folder.write(name, text) }
    let evaluator = TerraformEvaluator(functions: FixtureFunctions(), identifier: FixtureIdentifier())
    return (evaluator.evaluate(rootModule: folder.path, inputs: inputs), folder)
}

/// The value of `expression` as the attribute `value` of a resource, with `extra` configuration beside it.
func value(of expression: String, extra: String = "") throws -> (TerraformValue?, [Diagnostic]) {
    let (configuration, _) = try evaluate(["main.tf": "resource \"test_thing\" \"t\" {\n  value = \(expression)\n}\n\(extra)"])
    return (configuration.instances.first?.attributes[member: "value"], configuration.diagnostics)
}

extension TerraformConfiguration {
    func instance(_ address: String) -> TerraformResourceInstance? {
        instances.first { $0.address == address }
    }

    func diagnostics(_ code: Diagnostic.Code) -> [Diagnostic] {
        diagnostics.filter { $0.code == code }
    }
}

extension TerraformValue {
    /// The unknown's expression and reason, or nil when the value is known.
    var unknown: Unknown? {
        if case .unknown(let unknown) = kind { return unknown }
        return nil
    }

    /// The reason of the value's first unknown, itself or inside it.
    var firstUnknownReason: String? {
        if let unknown { return unknown.reason }
        let inner = (elements ?? []) + (members?.sorted { $0.key < $1.key }.map(\.value) ?? [])
        return inner.lazy.compactMap(\.firstUnknownReason).first
    }
}
