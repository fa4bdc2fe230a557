import Foundation
import TerraformModel

@testable import TerraformFunctions

/// Calls a built-in function as the evaluator would, from a module in `moduleDirectory`.
func call(_ name: String, _ arguments: TerraformValue..., in moduleDirectory: String = "/tmp") throws(TerraformFunctionError)
    -> TerraformValue
{
    try TerraformBuiltinFunctions().call(
        name, arguments, context: TerraformFunctionContext(moduleDirectory: moduleDirectory, rootDirectory: moduleDirectory))
}

/// The message of the error a call throws, or nil when it succeeds.
func failure(_ name: String, _ arguments: TerraformValue..., in moduleDirectory: String = "/tmp") -> TerraformFunctionError? {
    do {
        _ = try TerraformBuiltinFunctions().call(
            name, arguments, context: TerraformFunctionContext(moduleDirectory: moduleDirectory, rootDirectory: moduleDirectory))
        return nil
    } catch { return error }
}

extension TerraformFunctionError {
    var isInvalidArguments: Bool {
        if case .invalidArguments = self { return true }
        return false
    }

    var isFailed: Bool {
        if case .failed = self { return true }
        return false
    }
}

func s(_ text: String) -> TerraformValue { .string(text) }
func n(_ number: Double) -> TerraformValue { .number(number) }
func b(_ flag: Bool) -> TerraformValue { .bool(flag) }
/// A tuple, as `[a, b]` writes one.
func t(_ elements: TerraformValue...) -> TerraformValue { .tuple(elements) }
func list(_ elements: TerraformValue...) -> TerraformValue { TerraformValue(.list(elements)) }
func strings(_ texts: String...) -> TerraformValue { TerraformValue(.list(texts.map { .string($0) })) }
func stringTuple(_ texts: String...) -> TerraformValue { .tuple(texts.map { .string($0) }) }
func object(_ members: KeyValuePairs<String, TerraformValue>) -> TerraformValue {
    .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) }))
}
func map(_ members: KeyValuePairs<String, TerraformValue>) -> TerraformValue {
    TerraformValue(.map(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })))
}
func unknown(_ expression: String = "var.x") -> TerraformValue { .unknown(expression, reason: "a test input known only after apply") }

/// A scratch folder removed when the test ends.
final class ScratchFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tf-functions-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relativePath: String, _ contents: String) throws {
        try write(relativePath, Data(contents.utf8))
    }

    func write(_ relativePath: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path + "/" + relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
