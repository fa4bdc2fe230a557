public import Crypto
import Foundation

/// Checks audit log files, in chain order (rotated files first: `audit.jsonl.1`, `.2`, …, then the active
/// one), and reports the first broken link.
public struct AuditLogVerifier: Sendable {
    public struct Report: Sendable, Hashable {
        public var records: Int
        public var seals: Int
        /// The first problem, with its file and line; nil when the chain is intact and sealed.
        public var problem: String?

        public init(records: Int, seals: Int, problem: String?) {
            self.records = records
            self.seals = seals
            self.problem = problem
        }
    }

    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    public func verify(files: [(name: String, text: String)]) -> Report {
        var previous = AuditChain.genesis
        var expectedSequence: Int?
        var report = Report(records: 0, seals: 0, problem: nil)
        var sinceSeal = 0
        for file in files {
            var lineNumber = 0
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" {
                lines.removeLast()
            } else if !lines.isEmpty {
                report.problem = "\(file.name):\(lines.count): the last line is not terminated: the file was cut"
                return report
            }
            for line in lines {
                lineNumber += 1
                let place = "\(file.name):\(lineNumber)"
                guard let (body, mac) = AuditChain.split(line), AuditChain.validMAC(body, mac, key: key) else {
                    report.problem = "\(place): the record's MAC does not match: it was modified, or written with another key"
                    return report
                }
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let sequence = object["seq"] as? Int, let prev = object["prev"] as? String
                else {
                    report.problem = "\(place): the record is not a valid audit record"
                    return report
                }
                if let expectedSequence, sequence != expectedSequence {
                    report.problem =
                        "\(place): record \(sequence) follows record \(expectedSequence - 1): records were deleted, inserted or reordered"
                    return report
                }
                guard prev == previous else {
                    report.problem = "\(place): the record does not follow the one before it: records were deleted, inserted or reordered"
                    return report
                }
                if object["type"] as? String == "seal" {
                    guard object["count"] as? Int == sinceSeal, object["lastHash"] as? String == previous else {
                        report.problem = "\(place): the seal does not match the records before it"
                        return report
                    }
                    report.seals += 1
                    sinceSeal = 0
                } else {
                    report.records += 1
                    sinceSeal += 1
                }
                previous = AuditChain.hash(line)
                expectedSequence = sequence + 1
            }
        }
        if sinceSeal > 0 {
            report.problem =
                "\(files.last?.name ?? "log"): \(sinceSeal) record(s) after the last seal: the gateway is still writing, or the tail was cut"
        }
        return report
    }
}
