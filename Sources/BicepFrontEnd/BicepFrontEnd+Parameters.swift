import ARMTemplates
import BicepSyntax
import Foundation
import LocatedJSON
import SourceModel

extension BicepFrontEnd {
    /// The template a `.bicepparam` file deploys (its `using` path, resolved against it), or why there is none to judge.
    func usingTarget(of parameters: BicepSource) -> (path: String?, problems: [Diagnostic]) {
        var problems = parameters.tree.diagnostics
        guard let found = parameters.usingDeclaration else {
            problems.append(
                Diagnostic(
                    .invalidUsing, file: parameters.file,
                    "expected a `using 'main.bicep'` declaration naming the template these parameters are for"))
            return (nil, problems)
        }
        let here = found.range.location(in: parameters.file)
        guard let literal = found.declaration.path else {
            problems.append(
                Diagnostic(.bicepParametersNotApplied, .warning, at: here, "not judged: `using none` names no template"))
            return (nil, problems)
        }
        guard let reference = literal.value else {
            problems.append(Diagnostic(.invalidUsing, at: here, "expected a plain string path after `using`, found an interpolated string"))
            return (nil, problems)
        }
        guard BicepSource.isLocal(reference) else {
            problems.append(
                Diagnostic(
                    .bicepParametersNotApplied, .warning, at: here,
                    "not judged: `using '\(reference)'` names a registry template, which the Bicep front end does not resolve yet"))
            return (nil, problems)
        }
        let target = BicepSource.resolve(reference, from: parameters.file)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), !isFolder.boolValue else {
            problems.append(
                Diagnostic(
                    .invalidUsing, at: literal.range.location(in: parameters.file),
                    "`using '\(reference)'` points nowhere: no file \(target)"))
            return (nil, problems)
        }
        return (target, problems)
    }

    /// A JSON parameter file given with `--parameters` (a `.bicepparam` file there is read by
    /// ``ExplicitParameters/read(_:)``).
    func readParameterFile(_ path: String) -> Result<SourceDocument, Diagnostic> {
        let data: Data
        switch FileAccess.read(path) {
        case .success(let read): data = read
        case .failure(let failure): return .failure(failure.diagnostic)
        }
        do {
            let root = try JSONReader().read([UInt8](data))
            guard ARMDocumentKind.classify(root) == .parameterFile else {
                return .failure(
                    Diagnostic(
                        .invalidParameterFile, at: SourceLocation(file: path, position: root.position),
                        "expected a deployment parameter file ('$schema' ending in deploymentParameters.json# with a 'parameters' object)"
                    ))
            }
            return .success(SourceDocument(file: path, root: root))
        } catch {
            return .failure(error.diagnostic(file: path))
        }
    }
}
