import BicepSyntax
public import SourceModel

/// Codes the Bicep compiler reports.
extension Diagnostic.Code {
    /// A name that no declaration, import, loop or lambda introduces.
    public static let unknownSymbol = Self("unknown-symbol")
    /// A function that neither `sys` nor `az` (nor the file) declares.
    public static let unknownFunction = Self("unknown-function")
    /// `ns.f()` or `@ns.d` with a namespace that is neither `sys`, `az` nor an import.
    public static let unknownNamespace = Self("unknown-namespace")
    /// Two declarations with one name.
    public static let duplicateSymbol = Self("duplicate-symbol")
    /// A construct the front end does not compile yet (named in the message, never guessed).
    public static let unsupportedBicep = Self("unsupported-bicep")
    /// A construct used where Bicep does not allow it (a resource without a name, a loop inside an expression).
    public static let invalidBicep = Self("invalid-bicep")
    /// A local module file (or a restored registry module) that cannot be read or parsed.
    public static let moduleNotFound = Self("module-not-found")
    /// A module that (directly or through others) deploys itself, or modules nested deeper than allowed.
    public static let moduleCycle = Self("module-cycle")
    /// A registry or template-spec module with no restored template (a warning: the deployment's template is
    /// unknown).
    public static let moduleNotRestored = Self("module-not-restored")
    /// A type name that no declaration, import or built-in type introduces.
    public static let unknownType = Self("unknown-type")
    /// `import { x } from '...'` where the template exports no `x`.
    public static let importNotExported = Self("import-not-exported")
    /// An `import` whose file (or restored registry artifact) cannot be read, parsed or compiled.
    public static let importNotFound = Self("import-not-found")
    /// An `import` from a registry artifact that is not restored (a warning: its types are read as any value).
    public static let importNotRestored = Self("import-not-restored")
    /// Files that import each other in a cycle, or imports nested deeper than allowed.
    public static let importCycle = Self("import-cycle")
}

/// Why a declaration could not be compiled: the diagnostic that says so. Thrown inside the compiler and turned into
/// a reported diagnostic at the declaration it concerns; never escapes the public API.
struct CompileFailure: Error, Sendable {
    var diagnostic: Diagnostic
    var needsLanguageVersion2 = false

    static func unsupported(_ what: String, at range: SourceRange?, in file: String) -> CompileFailure {
        CompileFailure(diagnostic: Diagnostic(.unsupportedBicep, at: location(range, file), "not supported yet: \(what)"))
    }

    /// A construct only a languageVersion 2.0 template can express, met while compiling for languageVersion 1: the
    /// compiler starts again in 2.0.
    static func needsLanguageVersion2(_ what: String, at range: SourceRange?, in file: String) -> CompileFailure {
        var failure = unsupported("\(what) (the compiler emits languageVersion 2.0 for it)", at: range, in: file)
        failure.needsLanguageVersion2 = true
        return failure
    }

    static func invalid(_ message: String, at range: SourceRange?, in file: String) -> CompileFailure {
        CompileFailure(diagnostic: Diagnostic(.invalidBicep, at: location(range, file), message))
    }

    static func location(_ range: SourceRange?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, position: range?.start ?? SourcePosition(line: 1, column: 1))
    }
}
