import Foundation

extension AuditRecord {
    /// The record's members as its audit line writes them (absent optionals left out, `guards` only when non-empty).
    var members: [(key: String, value: AuditJSONValue)] {
        var members: [(key: String, value: AuditJSONValue)] = [
            ("type", .string("request")), ("time", .string(time.formatted(.iso8601))), ("requestId", .string(requestID)),
            ("status", .int(status)), ("latencyMs", .double(Self.latency(latencyMilliseconds))), ("decision", .string(decision)),
        ]
        members.reserveCapacity(20)
        func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
        add("identity", identity)
        add("clientIp", clientIP)
        add("deployment", deployment)
        add("operation", operation)
        add("upstream", upstream)
        if let totalTokens { members.append(("totalTokens", .int(totalTokens))) }
        add("policy", policy)
        add("prompt", prompt)
        add("completion", completion)
        if !guards.isEmpty { members.append(("guards", .strings(guards))) }
        add("limit", limit)
        if let images { members.append(("images", .int(images))) }
        add("imageSize", imageSize)
        if let audioSeconds { members.append(("audioSeconds", .double(audioSeconds))) }
        return members
    }

    /// Milliseconds rounded to microseconds, as the line records them.
    static func latency(_ milliseconds: Double) -> Double { (milliseconds * 1000).rounded() / 1000 }

    /// The record's JSON object as its audit line holds it before the MAC (`seq` and `prev` added), by the canonical
    /// writer the log uses (``AuditJSON``).
    public func lineObject(sequence: Int, previous: String) -> [UInt8] {
        AuditJSON.object(AuditChain.sealed(members, sequence: sequence, previous: previous))
    }

    /// The same object written by `JSONSerialization` over `[String: Any]`, as every line was written before the
    /// canonical writer: kept as the reference that writer is proven byte-identical to (`AuditJSONIdentityTests`) and
    /// measured against (`Benchmarks/AuditLineBenchmark`); the log itself no longer uses it.
    public func foundationLineObject(sequence: Int, previous: String) -> [UInt8] {
        var fields = fields
        fields["seq"] = sequence
        fields["prev"] = previous
        let data =
            (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    /// The record as `[String: Any]`, for the reference encoder.
    var fields: [String: Any] {
        var fields: [String: Any] = [
            "type": "request", "time": time.formatted(.iso8601), "requestId": requestID, "status": status,
            "latencyMs": Self.latency(latencyMilliseconds), "decision": decision,
        ]
        fields["identity"] = identity
        fields["clientIp"] = clientIP
        fields["deployment"] = deployment
        fields["operation"] = operation
        fields["upstream"] = upstream
        fields["totalTokens"] = totalTokens
        fields["policy"] = policy
        fields["prompt"] = prompt
        fields["completion"] = completion
        if !guards.isEmpty { fields["guards"] = guards }
        fields["limit"] = limit
        fields["images"] = images
        fields["imageSize"] = imageSize
        fields["audioSeconds"] = audioSeconds
        return fields
    }
}
