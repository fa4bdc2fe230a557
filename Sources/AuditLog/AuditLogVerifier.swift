public import Crypto
import Foundation

/// Checks audit log files, in chain order (rotated files first: `audit.jsonl.1`, `.2`, …, then the active
/// one), and reports the first broken link. A log must start with its genesis record (``AuditGenesis``); a closed
/// log must end with a seal, while a live one (``Mode/live``) may end with records the gateway has not sealed yet.
public struct AuditLogVerifier: Sendable {
    /// What the log is expected to be.
    public struct Mode: Sendable, Hashable {
        /// The gateway may still be writing: records after the last seal are reported as open, not broken, and an
        /// unterminated last line (a write in progress) is left out.
        public var live: Bool
        /// Accept a log written before genesis records existed (its first record is record 0 of the chain, but no
        /// genesis): its start cannot be proved, and the report says so.
        public var legacy: Bool

        public init(live: Bool = false, legacy: Bool = false) {
            self.live = live
            self.legacy = legacy
        }
    }

    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    public func verify(files: [(name: String, text: String)], mode: Mode = Mode()) -> AuditLogReport {
        var walk = ChainWalk(key: key, mode: mode)
        for (index, file) in files.enumerated() {
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" {
                lines.removeLast()
            } else if mode.live, index == files.count - 1 {
                lines.removeLast()  // the line being written; `lines` holds at least the one ""-less piece
                walk.report.partialLine = true
            } else {
                return walk.fail(.broken, "\(file.name):\(lines.count): the last line is not terminated: the file was cut")
            }
            if lines.isEmpty, !(mode.live && index == files.count - 1 && walk.started) {
                return walk.fail(
                    .broken, "\(file.name): the file is empty: an audit log starts with its genesis record and ends with a seal")
            }
            for (offset, line) in lines.enumerated() {
                if let report = walk.step(line, place: "\(file.name):\(offset + 1)", firstOfFile: offset == 0) { return report }
            }
        }
        return walk.finish(lastFile: files.last?.name ?? "log")
    }
}

/// The state of one verification, line by line.
private struct ChainWalk {
    let key: SymmetricKey
    let mode: AuditLogVerifier.Mode
    var report = AuditLogReport(verdict: .intact, records: 0, seals: 0)
    var previous = AuditChain.noPrevious
    var expectedSequence = 0
    var sinceSeal = 0
    var started = false

    init(key: SymmetricKey, mode: AuditLogVerifier.Mode) {
        self.key = key
        self.mode = mode
    }

    mutating func fail(_ verdict: AuditLogReport.Verdict, _ problem: String) -> AuditLogReport {
        report.verdict = verdict
        report.problem = problem
        return report
    }

    /// Checks one line; a report when the walk ends here.
    mutating func step(_ line: String, place: String, firstOfFile: Bool) -> AuditLogReport? {
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        if firstOfFile, object?["seq"] as? Int == nil || object?["prev"] as? String == nil || object?["mac"] as? String == nil {
            return fail(
                .notAnAuditLog, "\(place): the line is not an audit record (a JSON object with seq, prev and mac)")
        }
        guard let (body, mac) = AuditChain.split(line), AuditChain.validMAC(body, mac, key: key) else {
            if !started, let genesis = object.flatMap(AuditGenesis.init), genesis.keyID != AuditChain.keyID(of: key) {
                return fail(
                    .broken,
                    "\(place): the log was written with another key (the log names \(genesis.keyID), this key is \(AuditChain.keyID(of: key)))"
                )
            }
            return fail(.broken, "\(place): the record's MAC does not match: it was modified, or written with another key")
        }
        guard let object, let sequence = object["seq"] as? Int, let prev = object["prev"] as? String else {
            return fail(.broken, "\(place): the record is not a valid audit record")
        }
        if !started, let problem = start(object, sequence: sequence, prev: prev, place: place) { return problem }
        started = true
        if sequence != expectedSequence {
            return fail(
                .broken, "\(place): record \(sequence) follows record \(expectedSequence - 1): records were deleted, inserted or reordered")
        }
        guard prev == previous else {
            return fail(.broken, "\(place): the record does not follow the one before it: records were deleted, inserted or reordered")
        }
        switch object["type"] as? String {
        case "seal":
            guard object["count"] as? Int == sinceSeal, object["lastHash"] as? String == previous else {
                return fail(.broken, "\(place): the seal does not match the records before it")
            }
            report.seals += 1
            sinceSeal = 0
        case AuditGenesis.type where sequence > 0:
            return fail(.broken, "\(place): a genesis record in the middle of the log: another log was spliced in")
        case AuditGenesis.type:
            sinceSeal += 1
        default:
            report.records += 1
            sinceSeal += 1
        }
        previous = AuditChain.hash(line)
        expectedSequence = sequence + 1
        return nil
    }

    /// The first record: the genesis record, or (with `legacy`) record 0 of a log older than genesis records.
    private mutating func start(_ object: [String: Any], sequence: Int, prev: String, place: String) -> AuditLogReport? {
        if let genesis = AuditGenesis(object) {
            report.genesis = genesis
            return nil
        }
        guard sequence == 0, prev == AuditChain.noPrevious else {
            return fail(
                .broken,
                "\(place): the log does not start with its genesis record but with record \(sequence): its start was cut, or its rotated files (audit.jsonl.1, …) were not named first"
            )
        }
        if mode.legacy {
            report.legacy = true
            return nil
        }
        return fail(
            .broken,
            "\(place): the log has no genesis record: it was written before genesis records existed, or its first record was removed; verify it with --legacy, which cannot prove its start"
        )
    }

    mutating func finish(lastFile: String) -> AuditLogReport {
        guard started else {
            return fail(.broken, "\(lastFile): the log is empty: an audit log starts with its genesis record")
        }
        report.unsealed = sinceSeal
        guard sinceSeal > 0 else { return report }
        if mode.live {
            report.verdict = .open
            return report
        }
        return fail(
            .broken,
            "\(lastFile): \(sinceSeal) record(s) after the last seal: the gateway is still writing (verify with --live), or the tail was cut"
        )
    }
}
