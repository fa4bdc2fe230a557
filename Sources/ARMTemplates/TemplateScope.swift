import SourceModel
import LocatedJSON
import PostureModel

/// The names an expression can see while one template is evaluated: its parameters (with the values given
/// by a parameter file or their defaults) and its variables. Both are resolved lazily, once, by
/// case-insensitive name, and a cycle is reported instead of recursing forever.
///
/// A scope lives for the loading of one template on one task; it is deliberately not `Sendable`.
final class TemplateScope {
    enum Slot {
        case pending(JSONValue)
        /// A variable `copy` loop, built when first read (its input may use variables declared after it).
        case pendingCopy(JSONValue)
        case resolving
        case resolved(Value)
    }

    struct Declaration {
        var name: String
        var position: SourcePosition
    }

    private(set) var parameters: [String: Slot] = [:]
    private(set) var parameterDeclarations: [String: Declaration] = [:]
    private var variables: [String: Slot] = [:]
    /// User-defined functions by `namespace.name`, lower-cased.
    private var functions: [String: UserFunction] = [:]
    let file: String

    init(file: String) {
        self.file = file
    }

    /// Each parameter's declaration (`type`, `minValue`…), by lower-cased name, to check its default once evaluated.
    private(set) var parameterSchemas: [String: JSONValue] = [:]

    func declareParameter(_ name: String, at position: SourcePosition, value: Slot, schema: JSONValue? = nil) {
        parameters[name.lowercased()] = value
        parameterSchemas[name.lowercased()] = schema
        parameterDeclarations[name.lowercased()] = Declaration(name: name, position: position)
    }

    func declareVariable(_ name: String, definition: JSONValue) {
        variables[name.lowercased()] = .pending(definition)
    }

    func declareVariable(_ name: String, value: Value) {
        variables[name.lowercased()] = .resolved(value)
    }

    func declareCopiedVariable(_ name: String, loop: JSONValue) {
        variables[name.lowercased()] = .pendingCopy(loop)
    }

    struct UserFunction {
        var parameters: [String]
        var output: JSONValue
    }

    func declareFunction(_ name: String, _ definition: UserFunction) {
        functions[name.lowercased()] = definition
    }

    func function(_ name: String) -> UserFunction? {
        functions[name.lowercased()]
    }

    enum Lookup {
        case value(Value)
        case undeclared
        case cycle
    }

    func parameter(_ name: String, evaluate: (JSONValue) -> Value) -> Lookup {
        resolve(name, in: \.parameters, evaluate: evaluate, evaluateCopy: { _ in .null })
    }

    func variable(_ name: String, evaluate: (JSONValue) -> Value, evaluateCopy: (JSONValue) -> Value) -> Lookup {
        resolve(name, in: \.variables, evaluate: evaluate, evaluateCopy: evaluateCopy)
    }

    private func resolve(
        _ name: String, in table: ReferenceWritableKeyPath<TemplateScope, [String: Slot]>,
        evaluate: (JSONValue) -> Value, evaluateCopy: (JSONValue) -> Value
    ) -> Lookup {
        let key = name.lowercased()
        switch self[keyPath: table][key] {
        case nil: return .undeclared
        case .resolving: return .cycle
        case .resolved(let value): return .value(value)
        case .pending(let definition):
            self[keyPath: table][key] = .resolving
            let value = evaluate(definition)
            self[keyPath: table][key] = .resolved(value)
            return .value(value)
        case .pendingCopy(let loop):
            self[keyPath: table][key] = .resolving
            let value = evaluateCopy(loop)
            self[keyPath: table][key] = .resolved(value)
            return .value(value)
        }
    }
}
