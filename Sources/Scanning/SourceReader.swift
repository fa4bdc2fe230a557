import ARMTemplates
import Foundation
import LocatedJSON
import PostureModel

/// Reads one file into a positioned JSON document, turning every failure into a located ``InputProblem``.
struct SourceReader: Sendable {
    func read(_ path: String) -> Result<SourceDocument, InputProblem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputProblem(.unreadableFile, file: path, "cannot read the file; check its permissions"))
        }
        let bytes = [UInt8](data)
        let meaningful = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if bytes.isEmpty || meaningful.isEmpty {
            return .failure(InputProblem(.emptyFile, file: path, "the file is empty; expected an ARM template (a JSON object with 'resources')"))
        }
        do {
            let root = try JSONReader().read(bytes)
            return .success(SourceDocument(file: path, root: root))
        } catch {
            let code: InputProblem.Code = switch error.code {
            case .invalidUTF8: .invalidUTF8
            case .emptyInput: .emptyFile
            default: .malformedJSON
            }
            return .failure(InputProblem(code, at: SourceLocation(file: path, position: error.position), error.message))
        }
    }
}
