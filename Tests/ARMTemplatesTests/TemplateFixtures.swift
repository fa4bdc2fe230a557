import ARMTemplates
import LocatedJSON
import SourceModel
import PostureModel

/// Builds documents from inline JSON for loader tests.
enum TemplateFixtures {
    static func document(_ json: String, file: String = "template.json") throws -> SourceDocument {
        SourceDocument(file: file, root: try JSONReader().read(json))
    }

    static func load(_ json: String, parameters: String? = nil) throws -> LoadedTemplate {
        let template = try document(json)
        let parameterDocument = try parameters.map { try document($0, file: "template.parameters.json") }
        return TemplateLoader().load(template, parameters: parameterDocument)
    }

    static func template(resources: String, parameters: String = "{}", variables: String = "{}", extra: String = "") -> String {
        """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",\(extra)
          "parameters": \(parameters),
          "variables": \(variables),
          "resources": \(resources)
        }
        """
    }
}

extension LoadedTemplate {
    func resource(_ type: String, _ name: String) -> Resource? {
        resources.first { $0.type == ResourceType(type) && $0.name == name }
    }
}
