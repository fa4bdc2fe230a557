import Foundation
import SourceModel
public import PostureModel
import LocatedYAML

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
              let document = try? YAMLDocument.compose(text, file: "builtin:controls.yaml")
        else { return ControlCatalog(sections: [], entries: []) }
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
