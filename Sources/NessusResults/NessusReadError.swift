public import SourceModel

extension Diagnostic.Code {
    /// A `--nessus` file that is not XML at all.
    public static let nessusNotXML = Self("nessus-not-xml")
    /// A `--nessus` file with a document type declaration (refused: no DTD or entity is ever processed).
    public static let nessusDTD = Self("nessus-dtd")
    /// A `--nessus` file whose root element is not `NessusClientData_v2`.
    public static let nessusWrongRoot = Self("nessus-wrong-root")
    /// A `--nessus` file that ends before its elements are closed.
    public static let nessusTruncated = Self("nessus-truncated")
    /// A `--nessus` file that is not well-formed XML after its root element started.
    public static let nessusMalformed = Self("nessus-malformed")
    /// A `ReportItem` the reader could not use (a severity or port that is not a number); it is left out.
    public static let nessusItemSkipped = Self("nessus-item-skipped")
    /// A malformed `nessus:` section of the project file.
    public static let nessusAssetMap = Self("nessus-asset-map")
    /// An asset map entry whose resource is not among the scanned resources.
    public static let nessusAssetUnmatched = Self("nessus-asset-unmatched")
}

/// Why a `.nessus` file, or part of it, could not be read. Every case becomes an error ``Diagnostic`` at the file's
/// line and column; hosts read completely before the problem are kept.
public enum NessusReadError: Error, Sendable, Hashable {
    case unreadable(FileAccess.Failure)
    case notXML(SourceLocation)
    case doctype(SourceLocation)
    case wrongRoot(SourceLocation, found: String)
    case truncated(SourceLocation, openElement: String)
    case malformed(SourceLocation, detail: String)

    public var diagnostic: Diagnostic {
        switch self {
        case .unreadable(let failure):
            return failure.diagnostic
        case .notXML(let location):
            return Diagnostic(
                .nessusNotXML, at: location, "not an XML file; --nessus expects a Nessus export (.nessus, NessusClientData_v2)")
        case .doctype(let location):
            return Diagnostic(
                .nessusDTD, at: location,
                "a document type declaration (<!DOCTYPE) is refused in a .nessus file: DTDs and entities are never processed; "
                    + "export the scan again from Nessus, which writes none")
        case .wrongRoot(let location, let found):
            return Diagnostic(
                .nessusWrongRoot, at: location,
                "expected the root element NessusClientData_v2 (a Nessus v2 export), found <\(found)>; export the scan as .nessus")
        case .truncated(let location, let openElement):
            return Diagnostic(
                .nessusTruncated, at: location,
                "the file ends inside <\(openElement)>: it is truncated; hosts read before this point are kept, export the scan again")
        case .malformed(let location, let detail):
            return Diagnostic(.nessusMalformed, at: location, "not well-formed XML (\(detail)); hosts read before this point are kept")
        }
    }
}
