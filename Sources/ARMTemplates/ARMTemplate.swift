public import LocatedJSON

/// What kind of ARM document a JSON file is, judged by content.
public enum ARMDocumentKind: Sendable, Hashable {
    case deploymentTemplate
    case parameterFile
    case other

    /// A deployment template has a `$schema` ending in `deploymentTemplate.json#`, or `resources` and
    /// `contentVersion`. A parameter file has a `$schema` ending in `deploymentParameters.json#`, or
    /// `parameters` whose every entry is `{ "value": ... }` or `{ "reference": ... }` and no `resources`.
    public static func classify(_ root: JSONValue) -> ARMDocumentKind {
        guard root.members != nil else { return .other }
        if let schema = root[member: "$schema"]?.stringValue?.lowercased() {
            if schema.hasSuffix("deploymenttemplate.json#") { return .deploymentTemplate }
            if schema.hasSuffix("deploymentparameters.json#") { return .parameterFile }
        }
        if root[member: "resources"] != nil, root[member: "contentVersion"] != nil { return .deploymentTemplate }
        if root[member: "resources"] == nil, let parameters = root[member: "parameters"]?.members, !parameters.isEmpty,
            parameters.allSatisfy({ $0.value[member: "value"] != nil || $0.value[member: "reference"] != nil })
        {
            return .parameterFile
        }
        return .other
    }
}

/// A parsed document together with the file it came from.
public struct SourceDocument: Sendable {
    public var file: String
    public var root: JSONValue
    /// The other files the document's values come from, for a document assembled from several (a compiled Bicep
    /// template whose nested deployments are its module files): a value whose ``JSONValue/fileIndex`` is n ≥ 1 was
    /// written in `includedFiles[n - 1]`. A nested template whose root comes from another file is evaluated, and its
    /// problems and findings located, in that file.
    public var includedFiles: [String]

    public init(file: String, root: JSONValue, includedFiles: [String] = []) {
        self.file = file
        self.root = root
        self.includedFiles = includedFiles
    }

    /// The file a value with this ``JSONValue/fileIndex`` was written in (the document's own for 0 or an index out
    /// of range).
    public func file(at index: UInt32) -> String {
        index == 0 || Int(index) > includedFiles.count ? file : includedFiles[Int(index) - 1]
    }
}
