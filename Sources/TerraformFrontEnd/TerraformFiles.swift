import Foundation

/// What Terraform's file names mean: configuration (`.tf`, `.tf.json`), variable values (`.tfvars`, `.tfvars.json`),
/// and which variable files a root module loads by itself.
enum TerraformFiles {
    static func isConfiguration(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".tf") || lower.hasSuffix(".tf.json")
    }

    static func isVariables(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".tfvars") || lower.hasSuffix(".tfvars.json")
    }

    /// `terraform.tfvars`, `terraform.tfvars.json` and `*.auto.tfvars(.json)`: what `terraform plan` reads from the
    /// root module's folder without being told.
    static func isLoadedAutomatically(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return name == "terraform.tfvars" || name == "terraform.tfvars.json" || name.hasSuffix(".auto.tfvars")
            || name.hasSuffix(".auto.tfvars.json")
    }

    /// The folder of a file, `.` for a bare name.
    static func folder(of path: String) -> String {
        normalized((path as NSString).deletingLastPathComponent)
    }

    /// A path with `.` and `..` resolved where they can be, `.` for empty, no trailing `/`.
    static func normalized(_ path: String) -> String {
        join(path, "")
    }

    /// `folder` joined with a relative `source` (`./x`, `../x`), normalized.
    static func join(_ folder: String, _ source: String) -> String {
        let isAbsolute = folder.hasPrefix("/")
        var parts: [String] = []
        for part in (folder + "/" + source).split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !isAbsolute { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
