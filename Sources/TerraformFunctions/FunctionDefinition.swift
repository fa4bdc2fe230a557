import TerraformModel

/// One parameter of a built-in function, as cty declares it: whether a null or unknown argument reaches the
/// implementation (otherwise a null is an error and an unknown makes the result unknown).
struct Parameter: Sendable {
    var name: String
    var allowsNull = false
    var allowsUnknown = false

    init(_ name: String, allowsNull: Bool = false, allowsUnknown: Bool = false) {
        self.name = name
        self.allowsNull = allowsNull
        self.allowsUnknown = allowsUnknown
    }
}

/// A built-in function: its parameters, an optional trailing variadic one, and what it does with known arguments.
struct FunctionDefinition: Sendable {
    typealias Body = @Sendable (Arguments) throws(TerraformFunctionError) -> TerraformValue

    var parameters: [Parameter]
    /// How many of the last `parameters` may be left out (`lookup`'s default).
    var optionalCount = 0
    var variadic: Parameter?
    /// The function reads and sets sensitivity itself (`sensitive`, `nonsensitive`, `issensitive`); otherwise a
    /// sensitive argument makes the whole result sensitive.
    var handlesSensitivity = false
    /// The function takes collections with unknown values inside (it moves elements, never reads them: `length`,
    /// `concat`, `merge`); otherwise any unknown inside an argument makes the result unknown.
    var passesNestedUnknowns = false
    /// The result is known only at apply, whatever the arguments (`timestamp()`, `uuid()`, `bcrypt()`).
    var unknownReason: String?
    var body: Body

    init(
        _ parameters: [Parameter], optional optionalCount: Int = 0, variadic: Parameter? = nil, handlesSensitivity: Bool = false,
        passesNestedUnknowns: Bool = false, unknownReason: String? = nil, body: @escaping Body
    ) {
        self.passesNestedUnknowns = passesNestedUnknowns
        self.parameters = parameters
        self.optionalCount = optionalCount
        self.variadic = variadic
        self.handlesSensitivity = handlesSensitivity
        self.unknownReason = unknownReason
        self.body = body
    }

    /// The parameter an argument at `index` binds to.
    func parameter(at index: Int) -> Parameter? {
        index < parameters.count ? parameters[index] : variadic
    }

    /// What Terraform's messages say the function takes: `(str, substr)`, `(maps...)`.
    var signature: String {
        let names = parameters.map(\.name) + (variadic.map { [$0.name + "..."] } ?? [])
        return "(" + names.joined(separator: ", ") + ")"
    }
}

/// The arguments of one call, with typed accessors that convert as cty converts a parameter's argument and throw
/// `.invalidArguments` naming the parameter and the type it needs.
struct Arguments: Sendable {
    let function: String
    let values: [TerraformValue]
    let definition: FunctionDefinition
    let context: TerraformFunctionContext

    var count: Int { values.count }

    subscript(index: Int) -> TerraformValue { values[index] }

    func invalid(_ index: Int, _ message: String) -> TerraformFunctionError {
        let name = definition.parameter(at: index)?.name ?? "argument \(index + 1)"
        return .invalidArguments(function: function, message: "invalid value for \"\(name)\" parameter: \(message)")
    }

    func invalid(_ message: String) -> TerraformFunctionError {
        .invalidArguments(function: function, message: message)
    }

    func failed(_ message: String) -> TerraformFunctionError {
        .failed(function: function, message: message)
    }

    func converted(_ index: Int, to type: TerraformType) throws(TerraformFunctionError) -> TerraformValue {
        do { return try values[index].convertedWritingNumbers(to: type) } catch { throw invalid(index, error.description) }
    }

    func string(_ index: Int) throws(TerraformFunctionError) -> String {
        guard let text = try converted(index, to: .string).stringValue else { throw invalid(index, "string required, got null") }
        return text
    }

    func number(_ index: Int) throws(TerraformFunctionError) -> Double {
        guard let number = try converted(index, to: .number).numberValue else { throw invalid(index, "number required, got null") }
        return number
    }

    /// A whole number that fits an `Int`, as `gocty.FromCtyValue(_, &int)` requires.
    func integer(_ index: Int) throws(TerraformFunctionError) -> Int {
        let number = try number(index)
        guard number == number.rounded(), let integer = Int(exactly: number) else {
            throw invalid(index, "a whole number is required, got \(TerraformValue.format(number))")
        }
        return integer
    }

    func bool(_ index: Int) throws(TerraformFunctionError) -> Bool {
        guard let flag = try converted(index, to: .bool).boolValue else { throw invalid(index, "bool required, got null") }
        return flag
    }

    /// The elements of a list, set or tuple.
    func sequence(_ index: Int) throws(TerraformFunctionError) -> [TerraformValue] {
        guard let elements = values[index].elements else {
            throw invalid(index, "list, set or tuple required, got \(values[index].typeName)")
        }
        return elements
    }

    /// The members of a map or object.
    func members(_ index: Int) throws(TerraformFunctionError) -> [String: TerraformValue] {
        guard let members = values[index].members else { throw invalid(index, "map or object required, got \(values[index].typeName)") }
        return members
    }

    /// The elements of a list, set or tuple, each converted to a string (as `list(string)` converts).
    func strings(_ index: Int) throws(TerraformFunctionError) -> [String] {
        var texts: [String] = []
        for (position, element) in try sequence(index).enumerated() {
            let converted: TerraformValue
            do { converted = try element.convertedWritingNumbers(to: .string) } catch {
                throw invalid(index, "element \(position): \(error.message)")
            }
            guard let text = converted.stringValue else { throw invalid(index, "element \(position) is null") }
            texts.append(text)
        }
        return texts
    }
}
