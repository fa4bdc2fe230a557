/// A body: the attributes and blocks of a file or of a block, in source order.
public struct HCLBody: Sendable, Hashable {
    public enum Item: Sendable, Hashable {
        case attribute(HCLAttribute)
        case block(HCLBlock)

        public var range: HCLSourceRange {
            switch self {
            case .attribute(let attribute): attribute.range
            case .block(let block): block.range
            }
        }
    }

    public var items: [Item]
    /// From the first to the last byte of the body (inside a block: between its braces).
    public var range: HCLSourceRange

    public init(items: [Item], range: HCLSourceRange) {
        self.items = items
        self.range = range
    }

    public var attributes: [HCLAttribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    public var blocks: [HCLBlock] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }

    /// The first attribute named `name`.
    public func attribute(_ name: String) -> HCLAttribute? {
        attributes.first { $0.name.text == name }
    }
}

/// An identifier where the grammar names something (an attribute, a block type, a `for` variable).
public struct HCLIdentifier: Sendable, Hashable {
    public var text: String
    public var range: HCLSourceRange

    public init(_ text: String, range: HCLSourceRange) {
        self.text = text
        self.range = range
    }
}

/// `name = expression`.
public struct HCLAttribute: Sendable, Hashable {
    public var name: HCLIdentifier
    public var value: HCLExpression
    public var range: HCLSourceRange

    public init(name: HCLIdentifier, value: HCLExpression, range: HCLSourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

/// `type "label" label { body }`.
public struct HCLBlock: Sendable, Hashable {
    /// A block label: a quoted string without interpolation, or a bare identifier.
    public struct Label: Sendable, Hashable {
        public var value: String
        public var isQuoted: Bool
        public var range: HCLSourceRange

        public init(value: String, isQuoted: Bool, range: HCLSourceRange) {
            self.value = value
            self.isQuoted = isQuoted
            self.range = range
        }
    }

    public var type: HCLIdentifier
    public var labels: [Label]
    public var body: HCLBody
    public var range: HCLSourceRange

    public init(type: HCLIdentifier, labels: [Label], body: HCLBody, range: HCLSourceRange) {
        self.type = type
        self.labels = labels
        self.body = body
        self.range = range
    }
}
