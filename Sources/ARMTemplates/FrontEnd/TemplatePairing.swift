import Foundation
import LocatedJSON
import PostureModel
import SourceModel

/// Which documents are templates, which parameter file goes with which template, and what is skipped.
struct TemplatePairing {
    struct Job: Sendable {
        var template: SourceDocument
        var parameters: SourceDocument?
    }

    var jobs: [Job] = []
    var problems: [Diagnostic] = []

    /// A template `name.json` pairs with `name.parameters.json` in the same folder; `--parameters` applies
    /// to every template named on the command line and overrides the pairing.
    /// - Parameter readFile: reads the `x.parameters.json` beside a template named on the command line; its
    ///   problems are reported when it exists but cannot be read.
    static func make(
        _ documents: [(candidate: InputFile, document: SourceDocument)], explicitParameters: SourceDocument?,
        readFile: (String) -> Result<SourceDocument, Diagnostic>?
    ) -> TemplatePairing {
        var plan = TemplatePairing()
        var parameterFiles: [String: SourceDocument] = [:]
        var parameterOrder: [String] = []
        var templates: [(InputFile, SourceDocument)] = []
        for (candidate, document) in documents {
            switch ARMDocumentKind.classify(document.root) {
            case .deploymentTemplate:
                templates.append((candidate, document))
            case .parameterFile:
                if parameterFiles.updateValue(document, forKey: document.file.lowercased()) == nil {
                    parameterOrder.append(document.file.lowercased())
                }
                if candidate.isExplicit {
                    plan.problems.append(Diagnostic(.notATemplate, at: location(document), "this is a parameter file, not a template; pass it with --parameters, next to its template"))
                }
            case .other:
                if candidate.isExplicit {
                    plan.problems.append(Diagnostic(.notATemplate, at: location(document), "expected an ARM deployment template: a JSON object with '$schema' ending in deploymentTemplate.json#, or 'resources' and 'contentVersion'"))
                } else {
                    plan.problems.append(Diagnostic(.notATemplate, .note, at: location(document), "skipped: JSON that is not an ARM template or parameter file"))
                }
            }
        }
        var used: Set<String> = []
        for (candidate, template) in templates {
            var parameters: SourceDocument?
            if candidate.isExplicit, let explicitParameters {
                parameters = explicitParameters
            } else if let paired = parameterFiles[pairedName(template.file).lowercased()] {
                parameters = paired
                used.insert(paired.file.lowercased())
            } else if candidate.isExplicit {
                switch readFile(pairedName(template.file)) {
                case .success(let paired)?: parameters = paired
                case .failure(let problem)?: plan.problems.append(problem)
                case nil: break
                }
            }
            plan.jobs.append(Job(template: template, parameters: parameters))
        }
        if let explicitParameters, !templates.contains(where: { $0.0.isExplicit }) {
            plan.problems.append(Diagnostic(.invalidParameterFile, .warning, at: location(explicitParameters),
                "--parameters applies to templates named on the command line, and none was named; name the template file"))
        }
        // In discovery order, so the notes read the same on every run.
        for key in parameterOrder where !used.contains(key) {
            guard let document = parameterFiles[key] else { continue }
            plan.problems.append(Diagnostic(.notATemplate, .note, at: location(document), "skipped: parameter file with no template named \(templateName(document.file)) beside it"))
        }
        return plan
    }

    static func pairedName(_ template: String) -> String {
        let lower = template.lowercased()
        let stem = lower.hasSuffix(".jsonc") ? String(template.dropLast(6)) : String(template.dropLast(5))
        return stem + ".parameters.json"
    }

    static func templateName(_ parameterFile: String) -> String {
        parameterFile.replacingOccurrences(of: ".parameters.json", with: ".json", options: .caseInsensitive)
    }

    static func location(_ document: SourceDocument) -> SourceLocation {
        SourceLocation(file: document.file, position: document.root.position)
    }
}
