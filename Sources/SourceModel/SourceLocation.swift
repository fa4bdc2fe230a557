/// Where something was found: a position in a named file, or a place that is not a file (a live resource's id,
/// the command line). What every diagnostic and finding points at.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// What `file` names.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A file on disk; `line` and `column` are positions in it.
        public static let file = Kind(rawValue: "file")
        /// A resource read from a live estate; `file` is its resource id and there is no position.
        public static let liveResource = Kind(rawValue: "live-resource")
        /// An argument or option given on the command line.
        public static let commandLine = Kind(rawValue: "command-line")

        public var description: String { rawValue }
    }

    /// The file's path, or, for other kinds, the name of the place (a resource id).
    public var file: String
    public var position: SourcePosition
    public var kind: Kind

    public init(file: String, position: SourcePosition, kind: Kind = .file) {
        self.file = file
        self.position = position
        self.kind = kind
    }

    public init(file: String, line: Int, column: Int) {
        self.init(file: file, position: SourcePosition(line: line, column: column))
    }

    /// A place that is not a file: a live resource id, say. Its position is 1:1, which reports leave out.
    public init(_ kind: Kind, name: String) {
        self.init(file: name, position: SourcePosition(line: 1, column: 1), kind: kind)
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    /// `file:line:col` for files, as compilers write them; the bare name for places that have no lines.
    public var description: String {
        kind == .file ? "\(file):\(position.line):\(position.column)" : file
    }
}
