import PostureModel

/// The size bounds that keep a hostile template from exhausting memory, and ARM's documented template limits.
///
/// ARM documents (learn.microsoft.com, "ARM template best practices", Template limits): a template of at most 4 MB
/// and each resource definition at most 1 MB, both "after it has been expanded with iterative resource definitions,
/// and values for variables and parameters"; a parameter file of at most 4 MB; 256 parameters, 512 variables (older
/// and localized pages still say 256: the limit was raised, and the current page is followed), 800 resources
/// including copy count, 64 outputs, and 24,576 characters in a template expression.
enum EvaluationLimits {
    /// No value an expression computes may be larger than 4 MB: ARM counts the values of variables and parameters
    /// in the expanded template it limits to 4 MB, so a larger value cannot be part of a deployable template.
    /// Going past it is an error, and the value becomes unknown.
    static let maximumValueBytes = 4 * 1024 * 1024
    /// Bytes one expansion may handle in function arguments and results, variable values and resources, counted
    /// each time they are measured: a fence against a value that grows slowly through many steps, each under
    /// ``maximumValueBytes``. The largest template of the test corpus (an AVM AI Foundry module) handles about
    /// 0.2 MB; 64 MB leaves a margin of 300 and keeps a refused template's memory in the hundreds of megabytes (a
    /// value in memory takes several times its JSON size).
    static let maximumSessionBytes = 64 * 1024 * 1024

    /// ARM's limits that only warn: a template beyond them would be refused by Azure, but is still scanned.
    static let maximumTemplateFileBytes = 4 * 1024 * 1024
    static let maximumExpandedTemplateBytes = 4 * 1024 * 1024
    static let maximumResourceBytes = 1024 * 1024
    static let maximumResources = 800
    static let maximumParameters = 256
    static let maximumVariables = 512
    static let maximumOutputs = 64

    /// The approximate size of `value` written as JSON, in bytes. The walk stops as soon as the size passes
    /// `limit`, so measuring costs at most about `limit` however large (or however shared) the value is.
    static func size(of value: Value, limit: Int) -> Int {
        var total = 0
        var pending = [value]
        while let next = pending.popLast() {
            switch next.kind {
            case .null: total += 5
            case .bool: total += 6
            case .integer, .double: total += 8
            case .string(let text): total += text.utf8.count + 3
            case .unknown(let unknown): total += unknown.expression.utf8.count + 3
            case .array(let elements):
                total += 2
                pending.append(contentsOf: elements)
            case .object(let members):
                total += 2
                for member in members {
                    total += member.key.utf8.count + 4
                    pending.append(member.value)
                }
            }
            if total > limit { return total }
        }
        return total
    }

    /// Throws when a function is about to build a string of `bytes` bytes, more than ``maximumValueBytes``.
    static func check(_ bytes: Int, of function: String) throws(FunctionError) {
        guard bytes > maximumValueBytes else { return }
        throw FunctionError(
            "\(function)() would build a string larger than \(megabytes(maximumValueBytes)), ARM's limit for an expanded template",
            exceedsLimit: true)
    }

    /// "4 MB", "1 MB": the limits in messages.
    static func megabytes(_ bytes: Int) -> String {
        "\(bytes / (1024 * 1024)) MB"
    }
}
