import PostureModel

/// What `environment()` returns in Azure's public cloud, as Microsoft Learn documents it.
enum AzureEnvironment {
    static let publicCloud: Value = {
        func string(_ text: String) -> Value { .string(text) }
        func object(_ members: [(String, Value)]) -> Value { Value(.object(members.map { Value.Member(key: $0.0, value: $0.1) })) }
        return object([
            ("name", string("AzureCloud")),
            ("gallery", string("https://gallery.azure.com/")),
            ("graph", string("https://graph.windows.net/")),
            ("portal", string("https://portal.azure.com")),
            ("graphAudience", string("https://graph.windows.net/")),
            ("activeDirectoryDataLake", string("https://datalake.azure.net/")),
            ("batch", string("https://batch.core.windows.net/")),
            ("media", string("https://rest.media.azure.net")),
            ("sqlManagement", string("https://management.core.windows.net:8443/")),
            (
                "vmImageAliasDoc",
                string("https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json")
            ),
            ("resourceManager", string("https://management.azure.com/")),
            (
                "authentication",
                object([
                    ("loginEndpoint", string("https://login.microsoftonline.com/")),
                    (
                        "audiences",
                        Value(.array([string("https://management.core.windows.net/"), string("https://management.azure.com/")]))
                    ),
                    ("tenant", string("common")),
                    ("identityProvider", string("AAD")),
                ])
            ),
            (
                "suffixes",
                object([
                    ("acrLoginServer", string(".azurecr.io")),
                    ("azureDatalakeAnalyticsCatalogAndJob", string("azuredatalakeanalytics.net")),
                    ("azureDatalakeStoreFileSystem", string("azuredatalakestore.net")),
                    ("azureFrontDoorEndpointSuffix", string("azurefd.net")),
                    ("keyvaultDns", string(".vault.azure.net")),
                    ("sqlServerHostname", string(".database.windows.net")),
                    ("storage", string("core.windows.net")),
                ])
            ),
        ])
    }()
}
