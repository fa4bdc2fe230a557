import APIKeys
import Foundation

/// What one replica remembers of the key and suspension tables, and how far it may trust that memory. A plain
/// struct; ``PostgresKeyStore`` keeps it behind a `Mutex`.
///
/// The rules that keep it correct:
/// - It is **trusted** only while the listener confirmed its connection within `staleness` (a heartbeat each
///   second): a change can reach this replica only through that connection, so past the bound nothing is served
///   from memory and every lookup asks the database (a 503 when it cannot answer).
/// - It is **filled** only while the listener is connected, and only by a lookup that began after the last
///   invalidation (the `epoch`): a row read just before a change committed can never be kept after the change's
///   notification arrived.
/// - A (re)connected listener **empties** it, since notifications sent while it was away are lost.
/// - Unknown prefixes are remembered for `unknownTTL` at most, and at most `capacity` of them (then all are
///   forgotten), so invented keys cannot grow memory; keys and suspension answers have the same bound.
struct KeyCache {
    /// A stored key as the hash check needs it.
    struct Entry: Sendable {
        var record: APIKeyRecord
        var salt: [UInt8]
        var digest: [UInt8]
    }

    enum Lookup<Value> {
        case hit(Value)
        /// Not in memory (or memory is not trusted): ask the database, then offer the answer with this epoch.
        case miss(epoch: UInt64)
    }

    let staleness: Duration
    let unknownTTL: Duration
    let capacity: Int

    private(set) var epoch: UInt64 = 0
    private var keys: [String: Entry] = [:]
    private var unknown: [String: ContinuousClock.Instant] = [:]
    private var suspensions: [String: Suspension?] = [:]
    /// When `lastUsedAt` was last written per key, by this replica.
    private var lastUsedWrites: [String: Date] = [:]
    private var connected = false
    private var confirmedAt: ContinuousClock.Instant?

    init(staleness: Duration, unknownTTL: Duration, capacity: Int) {
        self.staleness = staleness
        self.unknownTTL = unknownTTL
        self.capacity = capacity
    }

    /// True when the listener confirmed its connection recently enough for memory to be believed.
    func isTrusted(at now: ContinuousClock.Instant) -> Bool {
        guard let confirmedAt else { return false }
        return confirmedAt.duration(to: now) <= staleness
    }

    var isListening: Bool { connected }

    // MARK: Lookups

    /// The key with `prefix`: `.hit(nil)` for a recently unknown prefix.
    mutating func key(_ prefix: String, at now: ContinuousClock.Instant) -> Lookup<Entry?> {
        guard isTrusted(at: now) else { return .miss(epoch: epoch) }
        if let entry = keys[prefix] { return .hit(entry) }
        if let expiry = unknown[prefix] {
            if now < expiry { return .hit(nil) }
            unknown[prefix] = nil
        }
        return .miss(epoch: epoch)
    }

    func suspension(_ identity: String, at now: ContinuousClock.Instant) -> Lookup<Suspension?> {
        guard isTrusted(at: now), let answer = suspensions[identity] else { return .miss(epoch: epoch) }
        return .hit(answer)
    }

    // MARK: Fills

    /// Keeps what the database answered for `prefix` (nil: no such key), if nothing was invalidated since `epoch`.
    mutating func offer(key entry: Entry?, for prefix: String, epoch: UInt64, at now: ContinuousClock.Instant) {
        guard canFill(epoch: epoch, at: now) else { return }
        if let entry {
            if keys.count >= capacity { keys.removeAll() }
            keys[prefix] = entry
        } else {
            if unknown.count >= capacity { unknown = unknown.filter { now < $0.value } }
            if unknown.count >= capacity { unknown.removeAll() }
            unknown[prefix] = now + unknownTTL
        }
    }

    mutating func offer(suspension: Suspension?, for identity: String, epoch: UInt64, at now: ContinuousClock.Instant) {
        guard canFill(epoch: epoch, at: now) else { return }
        if suspensions.count >= capacity { suspensions.removeAll() }
        suspensions[identity] = .some(suspension)
    }

    private func canFill(epoch: UInt64, at now: ContinuousClock.Instant) -> Bool {
        connected && epoch == self.epoch && isTrusted(at: now)
    }

    // MARK: Invalidation

    /// Applies a notification payload: `k:PREFIX` (a key changed) or `s:IDENTITY` (a suspension changed).
    /// Anything else empties the cache, the safe answer to what this version does not understand.
    mutating func invalidate(_ payload: String) {
        epoch &+= 1
        if payload.hasPrefix("k:") {
            let prefix = String(payload.dropFirst(2))
            keys[prefix] = nil
            unknown[prefix] = nil
        } else if payload.hasPrefix("s:") {
            suspensions[String(payload.dropFirst(2))] = nil
        } else {
            removeAll()
        }
    }

    /// The listener (re)connected: whatever was missed meanwhile is unknown, so nothing is kept.
    mutating func listenerConnected(at now: ContinuousClock.Instant) {
        epoch &+= 1
        removeAll()
        connected = true
        confirmedAt = now
    }

    /// A heartbeat came back on the listener's connection.
    mutating func confirmed(at now: ContinuousClock.Instant) {
        if connected { confirmedAt = now }
    }

    /// The listener's connection failed. Memory stays trusted until `staleness` after the last confirmation.
    mutating func listenerLost() {
        epoch &+= 1
        connected = false
    }

    private mutating func removeAll() {
        keys.removeAll()
        unknown.removeAll()
        suspensions.removeAll()
    }

    // MARK: Last use

    /// True when this replica should write `lastUsedAt` for `prefix` now (at most once per `resolution`), and
    /// notes that it will.
    mutating func claimLastUsedWrite(_ prefix: String, stored: Date?, now: Date, resolution: TimeInterval) -> Bool {
        let last = max(lastUsedWrites[prefix] ?? .distantPast, stored ?? .distantPast)
        guard now.timeIntervalSince(last) >= resolution else { return false }
        if lastUsedWrites.count >= capacity { lastUsedWrites.removeAll() }
        lastUsedWrites[prefix] = now
        return true
    }
}
