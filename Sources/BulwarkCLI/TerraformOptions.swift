import ArgumentParser
import TerraformModel

/// The Terraform flags shared by `scan` and `expand`: variable values for every root module, in Terraform's order of
/// precedence (files in the order given, then each `--var`, later ones winning).
struct TerraformOptions: ParsableArguments {
    @Option(
        name: .customLong("var-file"),
        help: ArgumentHelp("A .tfvars or .tfvars.json file for the Terraform root modules; repeatable, later files win.", valueName: "PATH")
    )
    var varFiles: [String] = []

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "A Terraform variable's value, as terraform -var takes it; repeatable, wins over every file.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    func validate() throws {
        for (index, text) in variables.enumerated() where Self.assignment(text) == nil {
            // The text is not repeated: a mistyped --var may hold a secret.
            throw ValidationError(
                "--var expects NAME=VALUE (a variable name, '=', then its value); the \(Self.ordinal(index + 1)) --var has no variable name before '='"
            )
        }
    }

    /// The inputs the Terraform front end gives every root module.
    var inputs: TerraformVariableInputs {
        TerraformVariableInputs(files: varFiles, assignments: variables.compactMap(Self.assignment))
    }

    /// `name=value` with a name Terraform accepts (a letter or `_`, then letters, digits, `_` and `-`); nil otherwise.
    static func assignment(_ text: String) -> TerraformVariableInputs.Assignment? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let name = text[..<equals]
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
            name.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || $0.properties.numericType != nil })
        else { return nil }
        return TerraformVariableInputs.Assignment(name: String(name), text: String(text[text.index(after: equals)...]))
    }

    private static func ordinal(_ number: Int) -> String {
        switch (number % 100, number % 10) {
        case (11...13, _): "\(number)th"
        case (_, 1): "\(number)st"
        case (_, 2): "\(number)nd"
        case (_, 3): "\(number)rd"
        default: "\(number)th"
        }
    }
}
