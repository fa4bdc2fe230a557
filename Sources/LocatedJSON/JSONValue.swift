public import SourceModel

/// A JSON value together with the position where it starts in its source text, and which file that text is.
public struct JSONValue: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string(String)
        case array([JSONValue])
        case object([JSONMember])
    }

    public var kind: Kind
    /// The file the value was written in, among the files its document is made of: 0 for the document's own file
    /// (every value the JSON reader makes), n for its n-th included file. A document assembled from several files
    /// (a Bicep template compiled with its module files) numbers them, and its reader names them (see
    /// `SourceDocument.includedFiles` in ARMTemplates). Declared after `kind`, where it fills alignment padding: a
    /// value is no larger for it.
    public var fileIndex: UInt32
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition, fileIndex: UInt32 = 0) {
        self.kind = kind
        self.fileIndex = fileIndex
        self.position = position
    }
}

/// One `"key": value` pair of an object, in source order. Duplicate keys are kept as written.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: JSONValue

    public init(key: String, keyPosition: SourcePosition, value: JSONValue) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

extension JSONValue {
    public var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var elements: [JSONValue]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    /// The last member named `key`, compared case-insensitively as Azure Resource Manager does.
    public subscript(member key: String) -> JSONValue? {
        guard let members else { return nil }
        return members.last { $0.key.caseInsensitiveEquals(key) }?.value
    }

    /// A short name for the kind of value, for messages such as "expected an array, found a string".
    public var kindDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
