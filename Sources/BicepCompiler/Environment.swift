import BicepSyntax

/// What names mean at one point of an expression beyond the file's symbols: loop variables and lambda parameters
/// (each already lowered to its ARM expression), and the nested resources visible by bare name.
struct Environment: Sendable {
    var locals: [String: ARMExpression] = [:]
    var visibleChildren: [String: Int] = [:]

    static let empty = Environment()

    /// The environment with a loop's variables bound: the item to `source[index]`, the index to `index`.
    func binding(_ loop: ForExpression, source: ARMExpression, index: ARMExpression) -> Environment {
        var copy = self
        copy.locals[loop.item.name] = source.appending(index)
        if let indexName = loop.index { copy.locals[indexName.name] = index }
        return copy
    }
}

extension ARMExpression {
    /// `copyIndex()` or `copyIndex('name')`.
    static func copyIndex(_ name: String?) -> ARMExpression {
        name.map { .function("copyIndex", .string($0)) } ?? .function("copyIndex")
    }

    /// Whether a `copyIndex(...)` call occurs anywhere in the expression.
    var containsCopyIndex: Bool {
        guard case .call(let name, let arguments, let accessors) = self else { return false }
        return name == "copyIndex" || arguments.contains { $0.containsCopyIndex } || accessors.contains { $0.containsCopyIndex }
    }
}
