import AuditLog
import Foundation

// Nanoseconds per audit record for the audit line's JSON object, by the canonical writer the log uses and by the
// JSONSerialization reference it replaced: `swift run -c release AuditLineBenchmark [RECORDS] [ROUNDS] [canonical|foundation]`.
// The records are those of a gateway with every feature on (identity, policy, guards, redacted prompt and completion).
// With a third argument only that encoder runs (for `valgrind --tool=callgrind`). Prints the median and best over rounds.

let arguments = CommandLine.arguments
let count = arguments.count >= 2 ? max(Int(arguments[1]) ?? 2000, 1) : 2000
let rounds = arguments.count >= 3 ? max(Int(arguments[2]) ?? 20, 1) : 20
let only = arguments.count >= 4 ? arguments[3] : nil
guard only == nil || only == "canonical" || only == "foundation" else {
    FileHandle.standardError.write(Data("usage: AuditLineBenchmark [RECORDS] [ROUNDS] [canonical|foundation]\n".utf8))
    exit(2)
}

let records = (0..<count).map { index in
    var record = AuditRecord(
        time: Date(timeIntervalSince1970: 1_800_000_000 + Double(index) / 7), requestID: "req-\(UUID().uuidString.lowercased())",
        identity: "bwk_3f9a2c1d7b6e", clientIP: "203.0.113.\(index % 250)", deployment: "gpt-4o", operation: "chat",
        upstream: "westeurope-1", status: 200, latencyMilliseconds: 0.75 + Double(index % 1000) / 997, totalTokens: 120 + index % 300,
        decision: "allowed", policy: "key bwk_3f9a2c1d7b6e",
        prompt: #"{"messages":[{"role":"user","content":"Summarise the meeting notes for [PERSON_1] at [EMAIL_1]; "#
            + "the budget is €\(index) and the path is /srv/data.\"}]}",
        completion: "Here is the summary of the notes (\(index)): the team agreed on the plan. 😀\nNext steps follow.")
    record.guards = ["prompt_injection:flag:0.12", "personal_data:mask:email"]
    return record
}
let previous = String(repeating: "ab", count: 32)
let clock = ContinuousClock()

/// Nanoseconds per record of each round, sorted, and the bytes written (printed, so the work is kept).
func measure(_ encode: (AuditRecord, Int) -> [UInt8]) -> (times: [Double], bytes: Int) {
    var perRecord: [Double] = []
    var bytes = 0
    for round in 0...rounds {
        let elapsed = clock.measure {
            for (index, record) in records.enumerated() { bytes &+= encode(record, index).count }
        }
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        if round > 0 { perRecord.append(nanoseconds / Double(count)) }  // round 0 warms up
    }
    return (perRecord.sorted(), bytes)
}

func report(_ name: String, _ result: (times: [Double], bytes: Int)) {
    let times = result.times
    print(
        String(
            format: "%@: median %.0f ns/record (best %.0f) over %d rounds of %d records, %d bytes", name, times[times.count / 2], times[0],
            rounds, count, result.bytes))
}

if only != "foundation" { report("canonical ", measure { $0.lineObject(sequence: $1, previous: previous) }) }
if only != "canonical" { report("foundation", measure { $0.foundationLineObject(sequence: $1, previous: previous) }) }
