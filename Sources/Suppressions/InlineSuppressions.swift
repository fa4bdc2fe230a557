import BicepSyntax
import Foundation
import HCLSyntax
import LocatedJSON
public import PostureModel
public import SourceModel

/// A resource as findings name it: its id and where it is declared (two instances of one module share the place
/// but not the id; two declarations may compute the same id in different files).
public struct ResourceKey: Sendable, Hashable {
    public var id: String
    public var source: SourceLocation

    public init(id: String, source: SourceLocation) {
        self.id = id
        self.source = source
    }

    public init(_ resource: Resource) { self.init(id: resource.id, source: resource.source) }
    public init(_ reference: ResourceReference) { self.init(id: reference.id, source: reference.source) }
}

/// The suppressions written next to the resources they concern, read from the files the resources were declared
/// in: an ARM resource's `metadata.bulwark.suppress` (`.json`), and `bulwark:suppress` comments in `.bicep` and
/// `.tf` files, above a top-level declaration or inside it. A resource of a Bicep or Terraform module is declared in
/// the module's file, so the comment there suppresses it in every instance of the module.
public struct InlineSuppressions: Sendable {
    /// The usable suppressions of each resource.
    public private(set) var byResource: [ResourceKey: [Suppression]] = [:]
    /// Warnings: `malformed-suppression` (the suppression does not apply) and `suppression-unattached`.
    public private(set) var problems: [Diagnostic] = []

    /// Every usable inline suppression, each once.
    public var suppressions: [Suppression] {
        var seen: Set<Suppression> = []
        return byResource.values.joined().filter { seen.insert($0).inserted }.sorted { $0.location.description < $1.location.description }
    }

    public init() {}

    /// Reads the inline suppressions of `resources` from their files, and the comments of the other `.bicep` and
    /// `.tf` files among `scannedFiles` (which own no resource, so any suppression comment in them is unattached).
    public init(resources: [Resource], scannedFiles: [String] = [], knownRules: KnownRules) {
        var resourcesByFile: [String: [Resource]] = [:]
        for resource in resources where resource.source.kind == .file {
            resourcesByFile[resource.source.file, default: []].append(resource)
        }
        for file in scannedFiles where resourcesByFile[file] == nil && Self.isCommentFormat(file) {
            resourcesByFile[file] = []
        }
        for file in resourcesByFile.keys.sorted() {
            // Only the formats that can hold a suppression are read (never a `.nessus` export a host resource points
            // into, which may be a gigabyte), and most files have none: they are not parsed again.
            guard let format = Self.format(of: file),
                let text = try? String(contentsOfFile: file, encoding: .utf8), text.contains("bulwark")
            else { continue }
            let owned = resourcesByFile[file] ?? []
            switch format {
            case .arm: readARM(text, file: file, resources: owned, knownRules: knownRules)
            case .bicep: readBicep(text, file: file, resources: owned, knownRules: knownRules)
            case .terraform: readTerraform(text, file: file, resources: owned, knownRules: knownRules)
            }
        }
    }

    enum Format { case arm, bicep, terraform }

    static func format(of file: String) -> Format? {
        let lower = file.lowercased()
        if lower.hasSuffix(".bicep") { return .bicep }
        if lower.hasSuffix(".tf") { return .terraform }
        if (lower.hasSuffix(".json") && !lower.hasSuffix(".tf.json")) || lower.hasSuffix(".jsonc") { return .arm }
        return nil
    }

    static func isCommentFormat(_ file: String) -> Bool {
        let format = format(of: file)
        return format == .bicep || format == .terraform
    }

    private mutating func readBicep(_ text: String, file: String, resources: [Resource], knownRules: KnownRules) {
        let tree = SyntaxTree(parsing: text, file: file)
        let spans = tree.declarations.map { DeclarationSpan(start: $0.range.start, end: $0.range.end) }
        let comments = tree.comments.map { SourceComment(text: $0.text, start: $0.range.start, endLine: $0.range.end.line) }
        attach(comments, to: spans, text: text, file: file, resources: resources, knownRules: knownRules)
    }

    private mutating func readTerraform(_ text: String, file: String, resources: [Resource], knownRules: KnownRules) {
        let parsed = HCLFile(parsing: text, file: file)
        let spans = parsed.body.blocks.map { DeclarationSpan(start: $0.range.start, end: $0.range.end) }
        attach(HCLComments.comments(in: text), to: spans, text: text, file: file, resources: resources, knownRules: knownRules)
    }

    private mutating func attach(
        _ comments: [SourceComment], to spans: [DeclarationSpan], text: String, file: String, resources: [Resource],
        knownRules: KnownRules
    ) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let commentLines = CommentAttachment.commentOnlyLines(comments, lines: lines)
        for comment in comments {
            let location = SourceLocation(file: file, position: comment.start)
            switch InlineDirective(comment: comment.text, at: location, knownRules: knownRules) {
            case .none: continue
            case .malformed(let problem): problems.append(problem)
            case .suppression(let suppression):
                let owners =
                    CommentAttachment.declaration(for: comment, in: spans, lines: lines, commentLines: commentLines)
                    .map { span in resources.filter { spans[span].contains($0.source.position) } } ?? []
                guard !owners.isEmpty else {
                    problems.append(
                        Diagnostic(
                            .unattachedSuppression, .warning, at: location,
                            "this 'bulwark:suppress \(suppression.rule)' comment is above or inside no scanned resource, so it suppresses "
                                + "nothing; write it on the lines above the resource's declaration or inside its braces"))
                    continue
                }
                for owner in owners { byResource[ResourceKey(owner), default: []].append(suppression) }
            }
        }
    }

    private mutating func readARM(_ text: String, file: String, resources: [Resource], knownRules: KnownRules) {
        guard !resources.isEmpty, let document = try? JSONReader().read(text) else { return }
        var wanted: [SourcePosition: [Resource]] = [:]
        for resource in resources { wanted[resource.source.position, default: []].append(resource) }
        var found: [SourcePosition: JSONValue] = [:]
        ARMMetadata.collectObjects(in: document, at: Set(wanted.keys), into: &found, depth: 0)
        for (position, declaration) in found.sorted(by: { $0.key < $1.key }) {
            let read = ARMMetadata.suppressions(of: declaration, file: file, knownRules: knownRules)
            problems += read.problems
            guard !read.suppressions.isEmpty else { continue }
            for owner in wanted[position] ?? [] { byResource[ResourceKey(owner), default: []] += read.suppressions }
        }
    }
}
