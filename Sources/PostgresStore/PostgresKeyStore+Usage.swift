public import Foundation
import PostgresNIO
public import RateLimits

/// The usage ledger in PostgreSQL, shared by replicas: one row per settled request, keyed by its request id, so
/// recording a request twice (a retry, two replicas) changes nothing.
extension PostgresKeyStore: UsageLedger {
    public func record(_ record: UsageRecord) async throws(UsageLedgerError) {
        do {
            _ = try await database("write the usage ledger") { client in
                try await client.query(
                    """
                    INSERT INTO usage (request_id, time, identity, key_prefix, policy, deployment, prompt_tokens, completion_tokens,
                    micro_usd, status) VALUES (\(record.requestID), \(record.time), \(record.identity), \(record.keyPrefix),
                    \(record.policy), \(record.deployment), \(record.promptTokens), \(record.completionTokens), \(record.microUSD),
                    \(Int32(clamping: record.status))) ON CONFLICT (request_id) DO NOTHING
                    """, logger: Self.quiet
                )
                .collect().count
            }
        } catch {
            throw UsageLedgerError(error.description)
        }
    }

    public func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal] {
        do {
            return try await database("read the usage ledger") { client in
                var totals: [UsageTotal] = []
                let rows = try await client.query(
                    """
                    SELECT identity, key_prefix, policy, deployment, COUNT(*)::bigint, SUM(prompt_tokens)::bigint,
                    SUM(completion_tokens)::bigint, SUM(micro_usd)::bigint FROM usage WHERE time >= \(since)
                    GROUP BY identity, key_prefix, policy, deployment ORDER BY identity, key_prefix, policy, deployment
                    """, logger: Self.quiet)
                for try await (identity, keyPrefix, policy, deployment, requests, prompt, completion, microUSD) in rows.decode(
                    (String, String?, String, String, Int64, Int64, Int64, Int64).self)
                {
                    totals.append(
                        UsageTotal(
                            identity: identity, keyPrefix: keyPrefix, policy: policy, deployment: deployment, requests: requests,
                            promptTokens: prompt, completionTokens: completion, microUSD: microUSD))
                }
                return totals
            }
        } catch {
            throw UsageLedgerError(error.description)
        }
    }
}
