public import SourceModel

/// A comment in a source file, delimiters included, with the lines it spans.
public struct SourceComment: Sendable, Hashable {
    public var text: String
    public var start: SourcePosition
    public var endLine: Int

    public init(text: String, start: SourcePosition, endLine: Int) {
        self.text = text
        self.start = start
        self.endLine = endLine
    }
}

/// A declaration that may own suppression comments: a top-level Terraform block or Bicep declaration, from its
/// first line (decorators included) to its closing brace.
public struct DeclarationSpan: Sendable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    func contains(_ position: SourcePosition) -> Bool { start <= position && position < end }
}

/// Which declaration a comment belongs to: the one it is written inside, or else the next one below it when only
/// blank lines and other comments stand between them.
enum CommentAttachment {
    /// - Parameters:
    ///   - comment: the comment.
    ///   - declarations: the file's top-level declarations, in source order.
    ///   - lines: the file's lines, to see what stands between a comment and the declaration below it.
    ///   - comments: every comment of the file, whose lines count as blank.
    /// - Returns: the index of the declaration, or nil when the comment belongs to none.
    static func declaration(
        for comment: SourceComment, in declarations: [DeclarationSpan], lines: [Substring], commentLines: Set<Int>
    ) -> Int? {
        if let inside = declarations.firstIndex(where: { $0.contains(comment.start) }) { return inside }
        guard let below = declarations.firstIndex(where: { $0.start.line > comment.endLine }) else { return nil }
        let between = (comment.endLine + 1)..<declarations[below].start.line
        for line in between {
            let text = line - 1 < lines.count ? lines[line - 1] : ""
            if text.allSatisfy(\.isWhitespace) || commentLines.contains(line) { continue }
            return nil
        }
        return below
    }

    /// The lines a comment covers entirely, from its start to its end, when nothing but spaces precedes it.
    static func commentOnlyLines(_ comments: [SourceComment], lines: [Substring]) -> Set<Int> {
        var covered: Set<Int> = []
        for comment in comments {
            let line = comment.start.line
            guard line - 1 < lines.count else { continue }
            let before = lines[line - 1].unicodeScalars.prefix(max(0, comment.start.column - 1))
            guard before.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            covered.formUnion(line...max(line, comment.endLine))
        }
        return covered
    }
}
