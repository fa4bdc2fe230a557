extension Expression {
    /// The expression in canonical ARM syntax, without the enclosing brackets. Two spellings of one expression
    /// that differ only in spacing or quoting render the same, so unknown values can be compared symbolically.
    var rendered: String {
        switch self {
        case .string(let text): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .call(let name, let arguments, _): name + "(" + arguments.map(\.rendered).joined(separator: ", ") + ")"
        case .property(let base, let name): base.rendered + "." + name
        case .index(let base, let index): base.rendered + "[" + index.rendered + "]"
        }
    }
}
