import BicepCompiler
import BicepSyntax
import SourceModel

/// What a `.bicepparam` file inherits through `extends`.
struct InheritedParameters {
    /// The base file's parameters as the deployment parameters file writes them (`name: {value}` or `{reference}`).
    var members: [TemplateMember] = []
    var assigned: [AssignedParameter] = []
    /// `name: value` for each plain value: what `base.name` reads. Nil when the file extends nothing.
    var values: TemplateValue?
    var problems: [Diagnostic] = []
    var failed = false
}

extension BicepSource {
    /// The `extends 'base.bicepparam'` declaration of a parameters file, if it has one.
    var extendsDeclaration: (path: StringLiteral, range: SourceRange)? {
        for declaration in tree.declarations {
            if case .extends(let path) = declaration.kind { return (path, declaration.range) }
        }
        return nil
    }
}

extension BicepFrontEnd {
    /// How many `extends` a chain of parameters files may follow.
    static let maximumExtendsDepth = 32

    /// Evaluates the base file that `path` names (relative to `source`), on its own: its own `using` is not applied,
    /// as the compiler reads a base file (usually `using none`). A missing file, a registry reference, a cycle or a
    /// chain deeper than ``maximumExtendsDepth`` is an `invalid-extends` error at the declaration; the base file's own
    /// errors are reported at their lines.
    func inheritedParameters(_ path: StringLiteral, at range: SourceRange, of source: BicepSource, chain: [String])
        -> InheritedParameters
    {
        let at = range.location(in: source.file)
        func failure(_ message: String) -> InheritedParameters {
            InheritedParameters(problems: [Diagnostic(.invalidExtends, at: at, message)], failed: true)
        }
        guard let reference = path.value else {
            return failure("expected a plain string path after `extends`, found an interpolated string")
        }
        guard BicepSource.isLocal(reference) else {
            return failure("expected a local .bicepparam file after `extends`, found the registry reference '\(reference)'")
        }
        let target = BicepSource.resolve(reference, from: source.file)
        let visited = chain + [BicepSource.key(source.file)]
        if let start = visited.firstIndex(of: target) {
            return failure(
                "expected parameters files that extend without a cycle, found \((visited[start...] + [target]).joined(separator: " -> "))")
        }
        guard visited.count <= Self.maximumExtendsDepth else {
            return failure("expected at most \(Self.maximumExtendsDepth) parameters files extending one another, found more")
        }
        let base: BicepSource
        switch BicepSource.read(target) {
        case .failure: return failure("expected a .bicepparam file at '\(target)' (named by `extends '\(reference)'`), found none")
        case .success(let read): base = read
        }
        guard base.isParameterFile else {
            return failure("expected a .bicepparam file after `extends`, found '\(reference)', which is not one")
        }
        if base.tree.hasErrors { return InheritedParameters(problems: base.tree.diagnostics, failed: true) }
        let evaluated = evaluateParameters(base, template: nil, templateFile: nil, extending: visited)
        guard let document = evaluated.document else { return InheritedParameters(problems: evaluated.problems, failed: true) }
        let members = document[member: "parameters"]?.members ?? []
        // An external input's value is an expression only the deployment tooling resolves: `base.name` cannot read it.
        let plain = members.compactMap { member -> TemplateMember? in
            guard let value = member.value[member: "value"] else { return nil }
            if case .string(let text) = value.kind, text.hasPrefix("["), !text.hasPrefix("[[") { return nil }
            return TemplateMember(key: member.key, value: value, range: member.range)
        }
        return InheritedParameters(
            members: members, assigned: evaluated.assigned, values: TemplateValue(.object(plain), range: range),
            problems: evaluated.problems)
    }
}
