public import Foundation
import PostgresNIO
public import RateLimits

/// The usage ledger in PostgreSQL, shared by replicas: one row per settled request, keyed by its request id, so
/// recording a request twice (a retry, two replicas) changes nothing.
extension PostgresKeyStore: UsageLedger {
    /// Records settled requests in one statement (one round trip, one transaction): the columns go as arrays and
    /// `UNNEST` makes the rows; a key prefix of "" stands for none.
    public func record(_ records: [UsageRecord]) async throws(UsageLedgerError) {
        guard !records.isEmpty else { return }
        let ids = records.map(\.requestID), times = records.map(\.time), identities = records.map(\.identity)
        let prefixes = records.map { $0.keyPrefix ?? "" }, policies = records.map(\.policy), deployments = records.map(\.deployment)
        let prompts = records.map(\.promptTokens), completions = records.map(\.completionTokens), costs = records.map(\.microUSD)
        let statuses = records.map { Int32(clamping: $0.status) }
        do {
            _ = try await database("write the usage ledger") { client in
                try await client.query(
                    """
                    INSERT INTO usage (request_id, time, identity, key_prefix, policy, deployment, prompt_tokens, completion_tokens,
                    micro_usd, status)
                    SELECT id, at, who, NULLIF(prefix, ''), policy, deployment, prompt, completion, cost, status
                    FROM UNNEST(\(ids)::text[], \(times)::timestamptz[], \(identities)::text[], \(prefixes)::text[], \(policies)::text[],
                    \(deployments)::text[], \(prompts)::bigint[], \(completions)::bigint[], \(costs)::bigint[], \(statuses)::integer[])
                    AS input(id, at, who, prefix, policy, deployment, prompt, completion, cost, status)
                    ON CONFLICT (request_id) DO NOTHING
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
