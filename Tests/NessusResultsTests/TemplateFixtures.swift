/// Hand-written ARM resources that own the addresses and names of the Nessus samples.
enum TemplateFixtures {
    static func template(_ resources: [String]) -> String {
        """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            \(resources.joined(separator: ",\n    "))
          ]
        }
        """
    }

    static func vm(_ name: String, computerName: String, nics: [String], vmID: String? = nil) -> String {
        let references = nics.map { #"{"id": "[resourceId('Microsoft.Network/networkInterfaces', '\#($0)')]"}"# }
        let vmIDText = vmID.map { #", "vmId": "\#($0)""# } ?? ""
        return """
            {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-07-01", "name": "\(name)", "location": "westeurope",
             "properties": {"osProfile": {"computerName": "\(computerName)", "adminUsername": "azureuser"},
               "networkProfile": {"networkInterfaces": [\(references.joined(separator: ", "))]}\(vmIDText)}}
            """
    }

    static func nic(_ name: String, ip: String, allocation: String = "Static", publicIP: String? = nil, securityGroup: String? = nil)
        -> String
    {
        let publicReference =
            publicIP.map { #", "publicIPAddress": {"id": "[resourceId('Microsoft.Network/publicIPAddresses', '\#($0)')]"}"# } ?? ""
        let group =
            securityGroup.map {
                #", "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', '\#($0)')]"}"#
            } ?? ""
        return """
            {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2024-05-01", "name": "\(name)", "location": "westeurope",
             "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {"privateIPAllocationMethod": "\(allocation)",
               "privateIPAddress": "\(ip)"\(publicReference)}}]\(group)}}
            """
    }

    static func publicIP(_ name: String, fqdn: String? = nil, label: String? = nil, address: String? = nil) -> String {
        var properties = [#""publicIPAllocationMethod": "Static""#]
        if let address { properties.append(#""ipAddress": "\#(address)""#) }
        var dns: [String] = []
        if let fqdn { dns.append(#""fqdn": "\#(fqdn)""#) }
        if let label { dns.append(#""domainNameLabel": "\#(label)""#) }
        if !dns.isEmpty { properties.append(#""dnsSettings": {\#(dns.joined(separator: ", "))}"#) }
        return """
            {"type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2024-05-01", "name": "\(name)", "location": "westeurope",
             "sku": {"name": "Standard"}, "properties": {\(properties.joined(separator: ", "))}}
            """
    }

    /// A network security group that lets SSH in from the internet (BW-NET-001 fails on it).
    static func openSSHGroup(_ name: String) -> String {
        """
        {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2024-05-01", "name": "\(name)", "location": "westeurope",
         "properties": {"securityRules": [{"name": "ssh", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow",
           "protocol": "Tcp", "sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*",
           "destinationPortRange": "22"}}]}}
        """
    }

    static func openAIAccount(_ name: String, subdomain: String) -> String {
        """
        {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "\(name)", "location": "westeurope",
         "kind": "OpenAI", "sku": {"name": "S0"},
         "properties": {"customSubDomainName": "\(subdomain)", "publicNetworkAccess": "Enabled", "disableLocalAuth": true}}
        """
    }
}
