import ARMTemplates
import BicepFrontEnd
import Scanning

public enum Fixtures {
    /// A template with one Azure OpenAI account whose settings are given as JSON.
    public static func accountTemplate(properties: String = #"{"disableLocalAuth": false}"#, name: String = "acct") -> String {
        """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {"localAuth": {"type": "bool", "defaultValue": true}},
          "resources": [
            {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "\(name)", "kind": "OpenAI",
             "properties": \(properties)}
          ]
        }
        """
    }
}

extension Scanner {
    /// The scanner as `bulwark scan` wires it: the ARM front end, with `--parameters` and the deployment context.
    public static func arm(parameterFile: String? = nil, context: DeploymentContext = .default) -> Scanner {
        Scanner(frontEnds: [ARMFrontEnd(context: context, parameterFile: parameterFile)])
    }
}

extension Fixtures {
    /// ``accountTemplate(properties:name:)`` in Bicep: `disableLocalAuth` sits on line 5, column 5.
    public static func accountBicep(disableLocalAuth: Bool = false, name: String = "acct") -> String {
        """
        resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
          name: '\(name)'
          kind: 'OpenAI'
          properties: {
            disableLocalAuth: \(disableLocalAuth)
          }
        }

        """
    }
}

extension Scanner {
    /// The scanner as `bulwark scan` wires it: ARM, then Bicep.
    public static func standard(parameterFile: String? = nil, context: DeploymentContext = .default) -> Scanner {
        Scanner(frontEnds: [ARMFrontEnd(context: context, parameterFile: parameterFile), BicepFrontEnd(context: context)])
    }
}
