import Crypto
import Foundation
import LocatedJSON
import PostureModel
import SourceModel

/// Reads a `.jsonl` file in chunks: each line one JSON object, located at its file:line:column, and the file's
/// SHA-256 computed on the way. A malformed line becomes a diagnostic at that line; the other lines are still read.
struct JSONLinesReader {
    static let chunkSize = 1 << 20

    struct Outcome {
        var records: [Value] = []
        var problems: [Diagnostic] = []
        var sha256 = ""
    }

    /// Reads every line of `path` (the path records and diagnostics name).
    static func read(_ path: String) throws(SnapshotError) -> Outcome {
        var outcome = Outcome()
        var hasher = SHA256()
        var pending: [UInt8] = []
        var lineNumber = 0
        try forEachChunk(of: path) { chunk in
            hasher.update(data: chunk)
            pending += chunk
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                readLine(pending[lineStart..<newline], number: lineNumber, file: path, into: &outcome)
                lineStart = newline + 1
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty {
            lineNumber += 1
            readLine(pending[...], number: lineNumber, file: path, into: &outcome)
        }
        outcome.sha256 = HashedFileOutput.hex(hasher.finalize())
        return outcome
    }

    /// Only the file's SHA-256, for a listed file that holds no records.
    static func sha256(of path: String) throws(SnapshotError) -> String {
        var hasher = SHA256()
        try forEachChunk(of: path) { hasher.update(data: $0) }
        return HashedFileOutput.hex(hasher.finalize())
    }

    /// Reads the file in `chunkSize` pieces, handing each to `body`, so a large file is never held whole.
    private static func forEachChunk(of path: String, _ body: (Data) -> Void) throws(SnapshotError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SnapshotError(.missingFile, path: path, "cannot open the file; check that it exists and is readable")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: chunkSize) ?? Data()
            } catch {
                throw SnapshotError(.inputOutput, path: path, "cannot read the file (\(error.localizedDescription))")
            }
            if chunk.isEmpty { return }
            body(chunk)
        }
    }

    static func readLine(_ bytes: ArraySlice<UInt8>, number: Int, file: String, into outcome: inout Outcome) {
        var line = bytes
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
        let json: JSONValue
        do throws(JSONSyntaxError) {
            json = try JSONReader().read(Array(line))
        } catch {
            outcome.problems.append(
                Diagnostic(
                    .malformedSnapshotRecord, at: SourceLocation(file: file, line: number, column: error.position.column),
                    "this line is not a JSON record (\(error.message)); the line was skipped, the others were read"))
            return
        }
        guard json.members != nil, json[member: "id"]?.stringValue != nil, json[member: "type"]?.stringValue != nil else {
            outcome.problems.append(
                Diagnostic(
                    .malformedSnapshotRecord, at: SourceLocation(file: file, line: number, column: json.position.column),
                    "expected a JSON object with a string 'id' and 'type', found \(json.kindDescription) without them; the line was skipped"
                ))
            return
        }
        outcome.records.append(Value(snapshotJSON: json, file: file, line: number))
    }
}

extension Value {
    /// A value read from one line of a `.jsonl` file: the reader saw the line alone (line 1), so every position is
    /// moved to `line`, its columns kept.
    init(snapshotJSON json: JSONValue, file: String, line: Int) {
        let location = SourceLocation(file: file, line: line, column: json.position.column)
        switch json.kind {
        case .null: self.init(.null, location: location)
        case .bool(let flag): self.init(.bool(flag), location: location)
        case .integer(let number): self.init(.integer(number), location: location)
        case .double(let number): self.init(.double(number), location: location)
        case .string(let text): self.init(.string(text), location: location)
        case .array(let elements):
            self.init(.array(elements.map { Value(snapshotJSON: $0, file: file, line: line) }), location: location)
        case .object(let members):
            self.init(
                .object(members.map { Member(key: $0.key, value: Value(snapshotJSON: $0.value, file: file, line: line)) }),
                location: location)
        }
    }
}
