/// The name and version every report states.
public enum ToolInfo {
    public static let name = "bulwark"
    public static let version = "0.1.0"
    public static let informationURI = "https://github.com/bulwark-security/bulwark"
}
