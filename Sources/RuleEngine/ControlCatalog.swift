import Foundation
import LocatedJSON
public import PostureModel
import Yams

/// The seed controls' titles, sections and where they are enforced, from `Definitions/controls.yaml`.
public struct ControlCatalog: Sendable {
    public struct Entry: Sendable, Hashable {
        public var control: Control
        public var title: String
        public var section: String
        public var enforced: String
    }

    public private(set) var sections: [String]
    public private(set) var entries: [Entry]

    public static let bundled: ControlCatalog = {
        guard let url = Bundle.module.url(forResource: "controls", withExtension: "yaml", subdirectory: "Definitions"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let root = try? Yams.compose(yaml: text, .basic)
        else { return ControlCatalog(sections: [], entries: []) }
        let document = YAMLNode(node: root, file: "builtin:controls.yaml")
        let entries = (document["controls"]?.mapping ?? []).compactMap { item -> Entry? in
            guard let control = Control(rawValue: item.key) else { return nil }
            return Entry(control: control, title: item.value["title"]?.string ?? item.key, section: item.value["section"]?.string ?? "", enforced: item.value["enforced"]?.string ?? "")
        }
        return ControlCatalog(sections: document["sections"]?.strings() ?? [], entries: entries)
    }()

    public func entry(_ control: Control) -> Entry? {
        entries.first { $0.control == control }
    }
}
