public import SourceModel

/// A reader of one input format (ARM JSON today; Bicep, Terraform, live snapshots next) that turns what it
/// claims into resources in the shared model, plus diagnostics. The scanner asks every front end which files it
/// reads, gives each the files it claimed, and judges the resources of each unit on their own.
public protocol InputFrontEnd: Sendable {
    /// A short name for messages: "ARM".
    var name: String { get }

    /// Whether a file found in a folder walk is this front end's to read, judged by its name alone (a front end
    /// may still skip a claimed file after reading it, with a note). Files named on the command line that no front
    /// end claims go to the first front end, which says what it expected.
    func claims(_ path: String) -> Bool

    /// Reads the claimed files and plans the work: one unit per deployment (a template and its parameters, a
    /// Terraform root module, a live scope), loaded later and concurrently.
    /// - Parameter files: the claimed files in discovery order; may be empty (a live front end plans its scope).
    func plan(_ files: [InputFile]) -> InputPlan
}

/// A file a scan reads.
public struct InputFile: Sendable, Hashable {
    public var path: String
    /// Named on the command line: it must be an input of the front end's format, or that is an error.
    public var isExplicit: Bool

    public init(path: String, isExplicit: Bool) {
        self.path = path
        self.isExplicit = isExplicit
    }
}

/// What a front end will load, and what it found while planning.
public struct InputPlan: Sendable {
    public var units: [InputUnit]
    /// Problems found while reading and pairing files, in the order found.
    public var problems: [Diagnostic]
    /// Files the front end read as text and that the scanner also checks for committed secrets.
    public var textFiles: [String]

    public init(units: [InputUnit] = [], problems: [Diagnostic] = [], textFiles: [String] = []) {
        self.units = units
        self.problems = problems
        self.textFiles = textFiles
    }
}

/// One deployment to load: its resources are judged together (cross-resource rules see only them).
public struct InputUnit: Sendable {
    /// The file that names the unit in reports (a template, a root module), or a scope's name.
    public var name: String
    public var load: @Sendable () -> LoadedInput

    public init(name: String, load: @escaping @Sendable () -> LoadedInput) {
        self.name = name
        self.load = load
    }
}

/// The resources one unit produces, and what went wrong while producing them.
public struct LoadedInput: Sendable {
    /// Every resource the unit deploys, with parent and child links.
    public var resources: [Resource]
    /// Resources that a condition keeps from being deployed: listed by `bulwark expand`, never judged.
    public var skipped: [Resource]
    public var problems: [Diagnostic]
    /// Resource types the input may not describe completely (a live collection that was denied or cut short), with
    /// why. Types not listed are complete: templates list none.
    public var coverage: [ResourceType: Coverage]

    public init(
        resources: [Resource] = [], skipped: [Resource] = [], problems: [Diagnostic] = [], coverage: [ResourceType: Coverage] = [:]
    ) {
        self.resources = resources
        self.skipped = skipped
        self.problems = problems
        self.coverage = coverage
    }
}
