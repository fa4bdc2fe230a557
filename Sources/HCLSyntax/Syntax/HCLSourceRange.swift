public import SourceModel

/// Where a piece of HCL syntax sits: its file, the first and one-past-the-last position as line and column
/// (``SourcePosition``, columns counting Unicode scalars) and the same two points as UTF-8 byte offsets.
public struct HCLSourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as given to the parser.
    public var file: String
    /// The position of the first byte.
    public var start: SourcePosition
    /// The position just after the last byte.
    public var end: SourcePosition
    /// The UTF-8 offset of the first byte, from the start of the text (a byte order mark counts).
    public var startOffset: Int
    /// The UTF-8 offset just after the last byte.
    public var endOffset: Int

    public init(file: String, start: SourcePosition, end: SourcePosition, startOffset: Int, endOffset: Int) {
        self.file = file
        self.start = start
        self.end = end
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    /// The range from the start of `self` to the end of `other`.
    public func through(_ other: HCLSourceRange) -> HCLSourceRange {
        HCLSourceRange(file: file, start: start, end: other.end, startOffset: startOffset, endOffset: other.endOffset)
    }

    /// The start of the range, as diagnostics and findings point at it.
    public var location: SourceLocation { SourceLocation(file: file, position: start) }

    /// `file:line:col-line:col`.
    public var description: String { "\(file):\(start)-\(end)" }
}
