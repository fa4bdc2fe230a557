public import SourceModel

/// Why a snapshot folder could not be written or read as a whole. Problems inside one record (a malformed line)
/// are diagnostics instead, and the rest of the snapshot is still read.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A low-cardinality code, usable in tests and as a metric label.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The manifest names a format this version of Bulwark does not read.
        public static let unsupportedFormat = Code(rawValue: "snapshot-unsupported-format")
        /// `manifest.json` is missing, not JSON, or not a snapshot manifest.
        public static let invalidManifest = Code(rawValue: "snapshot-invalid-manifest")
        /// A file the manifest lists is not in the folder, or its path leaves the folder.
        public static let missingFile = Code(rawValue: "snapshot-missing-file")
        /// A file's SHA-256 differs from the one the manifest records: it changed after collection.
        public static let hashMismatch = Code(rawValue: "snapshot-hash-mismatch")
        /// A file or folder could not be read or written (permissions, disk full).
        public static let inputOutput = Code(rawValue: "snapshot-input-output")
        /// The output folder holds other files: writing there could overwrite someone's work.
        public static let folderNotEmpty = Code(rawValue: "snapshot-folder-not-empty")
        /// A record nests deeper than the writer follows.
        public static let nestingTooDeep = Code(rawValue: "snapshot-nesting-too-deep")

        public var description: String { rawValue }
    }

    public var code: Code
    /// The file or folder the problem concerns.
    public var path: String
    /// What is wrong and what to do, without any collected value.
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    /// The error as a diagnostic at the start of the file it concerns, which a scan reports (and exits 2 for).
    public var diagnostic: Diagnostic {
        Diagnostic(Diagnostic.Code(code.rawValue), file: path, message)
    }
}

/// Codes for problems inside a snapshot that leave the rest readable.
extension Diagnostic.Code {
    /// A line of a `.jsonl` file that is not one JSON object with an `id` and a `type`.
    public static let malformedSnapshotRecord = Self("snapshot-malformed-record")
    /// A collector that did not read everything: rules on its types report unknown where absence would decide.
    public static let incompleteCollection = Self("snapshot-incomplete-collection")
    /// A data file in the folder that the manifest does not list, so its hash cannot be checked: not read.
    public static let unlistedSnapshotFile = Self("snapshot-unlisted-file")
}
