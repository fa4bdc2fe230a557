/// The functions of Bicep's two built-in namespaces, as the compiler's `SystemNamespaceType` and `AzNamespaceType`
/// declare them. A call to any other name, that the file does not declare or import, is an unknown function.
enum KnownFunctions {
    static let system: Set<String> = [
        "any", "array", "base64", "base64ToJson", "base64ToString", "bool", "buildUri", "cidrHost", "cidrSubnet", "concat",
        "contains", "dataUri", "dataUriToString", "dateTimeAdd", "dateTimeFromEpoch", "dateTimeToEpoch", "distinct", "empty",
        "endsWith", "externalInput", "fail", "filter", "first", "flatten", "format", "groupBy", "guid", "indexOf", "int",
        "intersection", "items", "join", "json", "last", "lastIndexOf", "length", "like", "loadDirectoryFileInfo",
        "loadFileAsBase64", "loadJsonContent", "loadTextContent", "loadYamlContent", "map", "mapValues", "max", "min",
        "nameof", "newGuid", "objectKeys", "padLeft", "parseCidr", "parseUri", "range", "readCliArg", "readEnvVar",
        "readEnvironmentVariable", "reduce", "replace", "shallowMerge", "skip", "sort", "split", "startsWith", "string",
        "substring", "take", "toLower", "toObject", "toUpper", "trim", "union", "uniqueString", "uri", "uriComponent",
        "uriComponentToString", "utcNow",
    ]

    static let azure: Set<String> = [
        "deployer", "deployment", "environment", "extensionResourceId", "managementGroup", "managementGroupResourceId",
        "pickZones", "providers", "reference", "resourceGroup", "resourceId", "roleDefinitions", "subscription",
        "subscriptionResourceId", "tenant", "tenantResourceId", "toLogicalZone", "toLogicalZones", "toPhysicalZone",
        "toPhysicalZones",
    ]

    /// Functions Bicep evaluates while compiling (they read files or the environment); not compiled yet.
    static let compileTime: Set<String> = [
        "loadTextContent", "loadJsonContent", "loadYamlContent", "loadFileAsBase64", "loadDirectoryFileInfo", "nameof",
        "readEnvironmentVariable", "readEnvVar", "readCliArg", "externalInput",
    ]

    /// The namespace that declares `name`, if either does. Bicep function names compare exactly.
    static func namespace(of name: String) -> String? {
        if system.contains(name) { return "sys" }
        if azure.contains(name) || isListFunction(name) { return "az" }
        return nil
    }

    static func isKnown(_ name: String, in namespace: String) -> Bool {
        namespace == "sys" ? system.contains(name) : azure.contains(name) || isListFunction(name)
    }

    /// `az` accepts every `list*` function (`listKeys`, `listSecrets`...) called with a resource id.
    static func isListFunction(_ name: String) -> Bool { name.hasPrefix("list") && name.count > 4 }
}
