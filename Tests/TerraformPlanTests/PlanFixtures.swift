/// Plans as `terraform show -json` writes them, small enough to read in a test.
enum PlanFixtures {
    /// A storage account with a computed endpoint, a sensitive key and a nested block; positions are fixed by the text.
    static func storagePlan(version: String = "1.2", extra: String = "") -> String {
        """
        {
          "format_version": "\(version)",
          "terraform_version": "1.9.5",
          "planned_values": {
            "root_module": {
              "resources": [
                {
                  "address": "azurerm_storage_account.sa",
                  "mode": "managed",
                  "type": "azurerm_storage_account",
                  "name": "sa",
                  "provider_name": "registry.terraform.io/hashicorp/azurerm",
                  "schema_version": 4,
                  "values": {
                    "name": "stdata",
                    "min_tls_version": "TLS1_2",
                    "allow_nested_items_to_be_public": false,
                    "network_rules": [{"default_action": "Deny", "ip_rules": []}],
                    "primary_access_key": "c2VjcmV0LWtleS12YWx1ZQ=="
                  },
                  "sensitive_values": {"network_rules": [{"ip_rules": []}]}
                }
              ]
            }
          },
          "resource_changes": [
            {
              "address": "azurerm_storage_account.sa",
              "mode": "managed",
              "type": "azurerm_storage_account",
              "name": "sa",
              "provider_name": "registry.terraform.io/hashicorp/azurerm",
              "change": {
                "actions": ["create"],
                "before": null,
                "after": {"name": "stdata"},
                "after_unknown": {"id": true, "primary_blob_endpoint": true, "network_rules": [{"ip_rules": [], "subnet_id": true}]},
                "before_sensitive": false,
                "after_sensitive": {"primary_access_key": true, "network_rules": [{"ip_rules": []}]}
              }
            }\(extra)
          ],
          "configuration": {
            "provider_config": {"azurerm": {"name": "azurerm", "full_name": "registry.terraform.io/hashicorp/azurerm", "version_constraint": "~> 3.100"}},
            "root_module": {"resources": [{"address": "azurerm_storage_account.sa", "mode": "managed", "type": "azurerm_storage_account", "name": "sa"}]}
          }
        }
        """
    }

    /// Modules nested two deep, instances with `count` and `for_each` keys, and a resource the plan deletes.
    static let modulePlan = """
        {
          "format_version": "1.1",
          "planned_values": {
            "root_module": {
              "resources": [
                {"address": "azurerm_resource_group.rg[0]", "mode": "managed", "type": "azurerm_resource_group", "name": "rg", "index": 0,
                 "provider_name": "registry.terraform.io/hashicorp/azurerm", "values": {"name": "rg-0", "location": "eastus"}},
                {"address": "data.azurerm_client_config.current", "mode": "data", "type": "azurerm_client_config", "name": "current",
                 "provider_name": "registry.terraform.io/hashicorp/azurerm", "values": {"tenant_id": "t"}}
              ],
              "child_modules": [
                {
                  "address": "module.ai[\\"east.us\\"]",
                  "resources": [
                    {"address": "module.ai[\\"east.us\\"].azurerm_cognitive_account.openai", "mode": "managed",
                     "type": "azurerm_cognitive_account", "name": "openai", "provider_name": "registry.terraform.io/hashicorp/azurerm",
                     "values": {"name": "oai", "local_auth_enabled": true}}
                  ],
                  "child_modules": [
                    {
                      "address": "module.ai[\\"east.us\\"].module.net",
                      "resources": [
                        {"address": "module.ai[\\"east.us\\"].module.net.azurerm_private_endpoint.pe[\\"a\\"]", "mode": "managed",
                         "type": "azurerm_private_endpoint", "name": "pe", "index": "a", "provider_name": "registry.terraform.io/hashicorp/azurerm",
                         "values": {"name": "pe-a"}}
                      ]
                    }
                  ]
                }
              ]
            }
          },
          "resource_changes": [
            {"address": "azurerm_key_vault.old", "mode": "managed", "type": "azurerm_key_vault", "name": "old",
             "provider_name": "registry.terraform.io/hashicorp/azurerm",
             "change": {"actions": ["delete"], "before": {"name": "kv-old", "purge_protection_enabled": false}, "after": null,
                        "after_unknown": {}, "before_sensitive": {}, "after_sensitive": false}}
          ],
          "configuration": {
            "root_module": {
              "module_calls": {
                "ai": {"source": "./modules/ai", "module": {"module_calls": {"net": {"source": "../net", "module": {}}}}}
              }
            }
          }
        }
        """
}
