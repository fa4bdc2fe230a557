import Foundation
import SourceModel

/// Where SARIF results and notifications point: a file (relative to `%SRCROOT%` or an absolute URI), a region, and
/// the resource as a logical location.
extension SARIFReport {
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?

        /// A whole file, without a region.
        init(file: String) {
            physicalLocation = PhysicalLocation(artifactLocation: ArtifactLocation(file), region: nil)
        }

        init(_ location: SourceLocation, logicalName: String? = nil, kind: String? = nil) {
            physicalLocation = PhysicalLocation(
                artifactLocation: ArtifactLocation(location.file),
                region: Region(startLine: max(location.line, 1), startColumn: max(location.column, 1))
            )
            logicalLocations = logicalName.map {
                [LogicalLocation(name: $0, kind: "resource", fullyQualifiedName: kind.map { "\($0)/\(logicalName!)" })]
            }
        }
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?

        init(_ path: String) {
            if path.hasPrefix("/") {
                uri = URL(fileURLWithPath: path).absoluteString
            } else {
                var relative = path
                while relative.hasPrefix("./") { relative.removeFirst(2) }
                uri = relative.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
                    .joined(separator: "/")
                uriBaseId = "%SRCROOT%"
            }
        }
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    struct LogicalLocation: Encodable {
        var name: String
        var kind: String
        var fullyQualifiedName: String?
    }
}
