import Foundation
import LocatedJSON
import SourceModel

/// Reads one file into a positioned JSON document, turning every failure into a located ``Diagnostic``.
struct SourceReader: Sendable {
    func read(_ path: String) -> Result<SourceDocument, Diagnostic> {
        let data: Data
        switch FileAccess.read(path) {
        case .success(let read): data = read
        case .failure(let failure): return .failure(failure.diagnostic)
        }
        let bytes = [UInt8](data)
        let meaningful = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if bytes.isEmpty || meaningful.isEmpty {
            return .failure(
                Diagnostic(.emptyFile, file: path, "the file is empty; expected an ARM template (a JSON object with 'resources')"))
        }
        do {
            let root = try JSONReader().read(bytes)
            return .success(SourceDocument(file: path, root: root))
        } catch {
            return .failure(error.diagnostic(file: path))
        }
    }
}
