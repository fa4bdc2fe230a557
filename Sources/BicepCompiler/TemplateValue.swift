public import BicepSyntax
public import LocatedJSON
import SourceModel

/// A JSON value of an emitted ARM template, with the range of the Bicep syntax it was made from, so that findings
/// about the template can point at the `.bicep` source. Values the compiler synthesizes (`$schema`, `copy`,
/// `dependsOn`) carry the range of the declaration they belong to.
public struct TemplateValue: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        case integer(Int64)
        case string(String)
        case array([TemplateValue])
        case object([TemplateMember])
    }

    public var kind: Kind
    /// Where in the `.bicep` file the value comes from.
    public var range: SourceRange
    /// Which file `range` is in: 0 for the file being compiled, n for the compilation's n-th included file
    /// (``BicepCompilation/includedFiles``: the module files whose templates are nested in it).
    public var fileIndex: UInt32

    public init(_ kind: Kind, range: SourceRange, fileIndex: UInt32 = 0) {
        self.kind = kind
        self.range = range
        self.fileIndex = fileIndex
    }

    /// The members of an object, nil for other kinds.
    public var members: [TemplateMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    /// The last member named `key` (keys compare exactly).
    public subscript(member key: String) -> TemplateValue? {
        members?.last { $0.key == key }?.value
    }

    /// The same value with every range, its own and its members', set to `range`.
    public func relocated(to range: SourceRange) -> TemplateValue {
        switch kind {
        case .null, .bool, .integer, .string: return TemplateValue(kind, range: range)
        case .array(let items): return TemplateValue(.array(items.map { $0.relocated(to: range) }), range: range)
        case .object(let members):
            return TemplateValue(
                .object(members.map { TemplateMember(key: $0.key, value: $0.value.relocated(to: range), range: range) }), range: range)
        }
    }

    /// The value with every value of the file being compiled (``fileIndex`` 0, at any depth) placed in file `index`;
    /// values already in another file (a module's own modules) keep theirs.
    func placed(inFile index: UInt32) -> TemplateValue {
        let file = fileIndex == 0 ? index : fileIndex
        switch kind {
        case .null, .bool, .integer, .string: return TemplateValue(kind, range: range, fileIndex: file)
        case .array(let items): return TemplateValue(.array(items.map { $0.placed(inFile: index) }), range: range, fileIndex: file)
        case .object(let members):
            let placed = members.map { TemplateMember(key: $0.key, value: $0.value.placed(inFile: index), range: $0.range) }
            return TemplateValue(.object(placed), range: range, fileIndex: file)
        }
    }

    /// The value as the ARM engine reads it: a located JSON value whose positions are the starts of the Bicep
    /// ranges (and whose file indexes are ``fileIndex``), so a template loaded from it reports `.bicep` lines, in
    /// the module file for the templates of modules.
    public var jsonValue: JSONValue {
        let position = range.start
        switch kind {
        case .null: return JSONValue(.null, at: position, fileIndex: fileIndex)
        case .bool(let value): return JSONValue(.bool(value), at: position, fileIndex: fileIndex)
        case .integer(let value): return JSONValue(.integer(value), at: position, fileIndex: fileIndex)
        case .string(let value): return JSONValue(.string(value), at: position, fileIndex: fileIndex)
        case .array(let items): return JSONValue(.array(items.map(\.jsonValue)), at: position, fileIndex: fileIndex)
        case .object(let members):
            return JSONValue(
                .object(members.map { JSONMember(key: $0.key, keyPosition: $0.range.start, value: $0.value.jsonValue) }),
                at: position, fileIndex: fileIndex)
        }
    }
}

/// One `"key": value` pair of an emitted object, with the range of the Bicep syntax that produced the key.
public struct TemplateMember: Sendable, Hashable {
    public var key: String
    public var value: TemplateValue
    public var range: SourceRange

    public init(key: String, value: TemplateValue, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }
}
