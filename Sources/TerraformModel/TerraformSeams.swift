public import SourceModel

/// Where a function is called: what file functions resolve paths against, and what messages point at.
public struct TerraformFunctionContext: Sendable {
    /// The folder of the module whose expression calls the function (`path.module`).
    public var moduleDirectory: String
    /// The root module's folder (`path.root`).
    public var rootDirectory: String
    public var location: SourceLocation?

    public init(moduleDirectory: String, rootDirectory: String, location: SourceLocation? = nil) {
        self.moduleDirectory = moduleDirectory
        self.rootDirectory = rootDirectory
        self.location = location
    }
}

/// Why a function call failed.
public enum TerraformFunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No built-in function of that name (`provider::` functions included, which are the provider's).
    case unknownFunction(String)
    /// The arguments are wrong in number or type; the message says what the function expects.
    case invalidArguments(function: String, message: String)
    /// The arguments are well typed but the call fails, as Terraform's would (`element([], 0)`, bad JSON).
    case failed(function: String, message: String)

    public var description: String {
        switch self {
        case .unknownFunction(let name): "there is no function named \"\(name)\""
        case .invalidArguments(let function, let message): "invalid arguments to \(function)(): \(message)"
        case .failed(let function, let message): "\(function)(): \(message)"
        }
    }
}

/// The function library an expression evaluator calls: Terraform's built-in functions. `can`, `try` and
/// `templatefile` need the evaluator's own hands (they evaluate expressions and templates) and are not here.
public protocol TerraformFunctionLibrary: Sendable {
    /// The result of `name(arguments...)`; unknown when the result depends on an unknown argument, or when the
    /// function's result is only known at apply (`timestamp()`, `uuid()`, `bcrypt()`).
    func call(_ name: String, _ arguments: [TerraformValue], context: TerraformFunctionContext) throws(TerraformFunctionError)
        -> TerraformValue
}

/// Computes the ARM id a provider gives a resource from its configuration, so that a reference to another
/// resource's `id` is that resource's symbolic ARM id and cross-resource rules (private endpoints, diagnostic
/// settings, role assignments) still connect.
public protocol TerraformResourceIdentifier: Sendable {
    /// The id, written as the ARM engine writes template ids (`/subscriptions/{subscription}/resourceGroups/...`
    /// where the configuration does not say), or nil for types the mapping does not know.
    func armID(type: String, attributes: TerraformValue) -> String?
}

/// The values given to a root module's input variables from outside it, in Terraform's order of precedence after
/// the files the root module holds itself (`terraform.tfvars`, then `*.auto.tfvars(.json)` in name order).
public struct TerraformVariableInputs: Sendable, Hashable {
    /// One `--var NAME=VALUE`: the value is read as Terraform reads `-var`, an HCL expression for complex types
    /// and the literal text for strings.
    public struct Assignment: Sendable, Hashable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// `--var-file` paths, in the order given: later files win.
    public var files: [String]
    /// `--var` assignments, in the order given: later ones win, and they win over every file.
    public var assignments: [Assignment]

    public init(files: [String] = [], assignments: [Assignment] = []) {
        self.files = files
        self.assignments = assignments
    }
}

/// What evaluating one root module (and every module it calls) produced.
public struct TerraformConfiguration: Sendable {
    /// Every resource and data source instance, root and module ones, in declaration order.
    public var instances: [TerraformResourceInstance]
    /// Errors and warnings, each at file:line:column.
    public var diagnostics: [Diagnostic]
    /// Every `.tf`, `.tf.json` and `.tfvars` file read, for the secrets scan.
    public var filesRead: [String]

    public init(instances: [TerraformResourceInstance] = [], diagnostics: [Diagnostic] = [], filesRead: [String] = []) {
        self.instances = instances
        self.diagnostics = diagnostics
        self.filesRead = filesRead
    }
}

/// Evaluates a root module folder: the seam between the Terraform front end and the evaluator.
public protocol TerraformConfigurationEvaluating: Sendable {
    func evaluate(rootModule directory: String, inputs: TerraformVariableInputs) -> TerraformConfiguration
}
