import Foundation
import SourceModel

/// The bytes before a `.nessus` file's root element, checked before the XML parser sees the file: the file must start
/// as XML, and a document type declaration is refused, so no DTD, internal or external entity is ever processed.
enum XMLProlog {
    /// How far the root element may start: a prolog longer than this is not a Nessus export.
    static let limit = 1 << 20

    /// Nil when the prolog is acceptable; else the reason, at its line and column.
    static func check(_ head: [UInt8], file: String) -> NessusReadError? {
        var index = 0
        var line = 1
        var column = 1
        func location() -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
        func advance(_ count: Int) {
            for _ in 0..<count where index < head.count {
                if head[index] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if head[index] & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
        }
        func starts(with text: String) -> Bool {
            let bytes = Array(text.utf8)
            return index + bytes.count <= head.count && Array(head[index..<(index + bytes.count)]) == bytes
        }
        func skip(past terminator: String) -> Bool {
            let bytes = Array(terminator.utf8)
            while index + bytes.count <= head.count {
                if Array(head[index..<(index + bytes.count)]) == bytes {
                    advance(bytes.count)
                    return true
                }
                advance(1)
            }
            return false
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < head.count {
            let byte = head[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") {
                advance(1)
                continue
            }
            guard byte == UInt8(ascii: "<") else { return .notXML(location()) }
            if starts(with: "<?") {
                guard skip(past: "?>") else { return .truncated(location(), openElement: "?xml") }
            } else if starts(with: "<!--") {
                guard skip(past: "-->") else { return .truncated(location(), openElement: "!--") }
            } else if starts(with: "<!") {
                let word = head[index..<min(head.count, index + 9)]
                if String(decoding: word, as: UTF8.self).uppercased() == "<!DOCTYPE" { return .doctype(location()) }
                return .notXML(location())
            } else {
                return nil
            }
        }
        if head.count >= limit {
            return .malformed(location(), detail: "no root element in the first MiB")
        }
        return head.isEmpty
            ? .notXML(SourceLocation(file: file, line: 1, column: 1)) : .truncated(location(), openElement: "NessusClientData_v2")
    }

    /// The first ``limit`` bytes of the file.
    static func head(of path: String) -> Result<[UInt8], FileAccess.Failure> {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return .failure(FileAccess.Failure(path: path, reason: .missing))
        }
        if isFolder.boolValue { return .failure(FileAccess.Failure(path: path, reason: .isFolder)) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(FileAccess.Failure(path: path, reason: .denied)) }
        defer { try? handle.close() }
        do {
            return .success(Array(try handle.read(upToCount: limit) ?? Data()))
        } catch {
            return .failure(FileAccess.Failure(path: path, reason: .denied))
        }
    }
}
