import BicepCompiler
import LocatedJSON
import SourceModel
import Testing

/// Compiles a Bicep fixture and returns the template, failing the test with the diagnostics when there is none.
func compile(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> TemplateValue? {
    let compilation = BicepCompiler.compile(source: source, file: "main.bicep")
    if compilation.template == nil {
        Issue.record("no template: \(compilation.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    }
    return compilation.template
}

/// The value at a path of member names and array indexes (`["resources", 0, "name"]`).
func value(_ template: TemplateValue?, _ path: [any PathComponent]) -> TemplateValue? {
    var current = template
    for component in path { current = component.step(current) }
    return current
}

protocol PathComponent {
    func step(_ value: TemplateValue?) -> TemplateValue?
}

extension String: PathComponent {
    func step(_ value: TemplateValue?) -> TemplateValue? { value?[member: self] }
}

extension Int: PathComponent {
    func step(_ value: TemplateValue?) -> TemplateValue? {
        guard case .array(let items)? = value?.kind, indices(items).contains(self) else { return nil }
        return items[self]
    }

    private func indices(_ items: [TemplateValue]) -> Range<Int> { items.indices }
}

/// The string at a path.
func string(_ template: TemplateValue?, _ path: any PathComponent...) -> String? {
    if case .string(let text)? = value(template, path)?.kind { return text }
    return nil
}

/// The keys of the object at a path, in order.
func keys(_ template: TemplateValue?, _ path: any PathComponent...) -> [String] {
    value(template, path)?.members?.map(\.key) ?? []
}

/// The strings of the array at a path.
func strings(_ template: TemplateValue?, _ path: any PathComponent...) -> [String] {
    guard case .array(let items)? = value(template, path)?.kind else { return [] }
    return items.compactMap { if case .string(let text) = $0.kind { text } else { nil } }
}
