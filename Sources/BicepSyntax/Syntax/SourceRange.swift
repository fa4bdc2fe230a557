public import SourceModel

/// Where a piece of syntax sits in its source text: the first and one-past-the-last position as line and column
/// (``SourcePosition``, columns counting Unicode scalars) and the same two points as UTF-8 byte offsets.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The position of the first byte.
    public var start: SourcePosition
    /// The position just after the last byte.
    public var end: SourcePosition
    /// The UTF-8 offset of the first byte, from the start of the text (a byte order mark counts).
    public var startOffset: Int
    /// The UTF-8 offset just after the last byte.
    public var endOffset: Int

    public init(start: SourcePosition, end: SourcePosition, startOffset: Int, endOffset: Int) {
        self.start = start
        self.end = end
        self.startOffset = startOffset
        self.endOffset = endOffset
    }

    /// The byte offsets as a range.
    public var utf8Offsets: Range<Int> { startOffset..<endOffset }

    /// The range from the start of `self` to the end of `other`.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(start: start, end: other.end, startOffset: startOffset, endOffset: other.endOffset)
    }

    /// An empty range at the start of `self`.
    public var startPoint: SourceRange {
        SourceRange(start: start, end: start, startOffset: startOffset, endOffset: startOffset)
    }

    /// The start of the range in `file`, as diagnostics and findings point at it.
    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, position: start)
    }

    /// `line:col-line:col`.
    public var description: String { "\(start)-\(end)" }
}
