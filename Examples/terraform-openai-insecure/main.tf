# An Azure OpenAI account written with azurerm 4.x, left as a quick start leaves it: keys on, public, no identity,
# no private endpoint, no diagnostic logs, a global deployment on the default content filter.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.20"
    }
  }
}

variable "location" {
  type    = string
  default = "swedencentral"
}

variable "deployments" {
  type = map(object({
    model   = string
    version = string
    sku     = optional(string, "GlobalStandard")
  }))
  default = {
    chat = { model = "gpt-4o", version = "2024-08-06" }
  }
}

resource "azurerm_resource_group" "ai" {
  name     = "rg-contoso-ai"
  location = var.location
}

resource "azurerm_cognitive_account" "openai" {
  name                  = "contoso-openai-dev"
  location              = azurerm_resource_group.ai.location
  resource_group_name   = azurerm_resource_group.ai.name
  kind                  = "OpenAI"
  sku_name              = "S0"
  custom_subdomain_name = "contoso-openai-dev"
}

resource "azurerm_cognitive_deployment" "model" {
  for_each             = var.deployments
  name                 = each.key
  cognitive_account_id = azurerm_cognitive_account.openai.id

  model {
    format  = "OpenAI"
    name    = each.value.model
    version = each.value.version
  }

  sku {
    name = each.value.sku
  }
}
