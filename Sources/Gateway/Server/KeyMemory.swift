import APIKeys
import Crypto
import Foundation
import Synchronization

/// Keys the SQLite store authenticated recently, kept in memory so that a known key costs no trip to the blocking
/// pool (a thread wake-up each way) and no SQLite read or scope decode. The PostgreSQL store keeps its own memory,
/// fed by `LISTEN`; this one is fed by ``KeyChangeWatcher``, which reads the SQLite file's change mark every 100 ms.
///
/// The rules that keep it correct:
/// - Only **accepted** keys are kept, by the SHA-256 of the presented key (never the key itself); a refusal always
///   asks the store, so its reason is the store's.
/// - It is **trusted** only while the watcher read the mark within `staleness`: a revocation can be seen only
///   through the mark, so a watcher that stopped or cannot read the file turns every lookup back into a store read.
/// - Any change of the mark **empties** it, and a fill is kept only if nothing was emptied since its lookup began
///   (the `epoch`): a row read just before a revocation committed cannot be kept after the revocation was seen.
/// - Expiry, rotation grace and revocation are judged again on every hit at the request's time; an entry is
///   dropped once its key's `lastUsedAt` is due to be written again, so the store keeps writing it once a minute.
final class KeyMemory: Sendable {
    enum Lookup {
        case hit(APIKeyRecord)
        /// Not in memory, or memory not trusted: ask the store, then offer the answer with this epoch.
        case miss(epoch: UInt64)
    }

    private struct Entry {
        var record: APIKeyRecord
        /// When the store last wrote (or will have written) `lastUsedAt` for it.
        var lastUsed: Date
    }

    private struct State {
        var epoch: UInt64 = 0
        var entries: [SHA256Digest: Entry] = [:]
        var mark: KeyChangeMark?
        var confirmedAt: ContinuousClock.Instant?
    }

    let staleness: Duration
    let capacity: Int
    private let state = Mutex(State())

    init(staleness: Duration = .seconds(1), capacity: Int = 10_000) {
        self.staleness = staleness
        self.capacity = capacity
    }

    static func digest(of presented: String) -> SHA256Digest {
        SHA256.hash(data: Array(presented.utf8))
    }

    /// The accepted key `presented` hashes to, if memory holds it and may be believed at `now`.
    func lookup(_ digest: SHA256Digest, now: Date, at instant: ContinuousClock.Instant = .now) -> Lookup {
        state.withLock { state in
            guard let confirmedAt = state.confirmedAt, confirmedAt.duration(to: instant) <= staleness,
                let entry = state.entries[digest]
            else { return .miss(epoch: state.epoch) }
            guard entry.record.rejection(at: now) == nil, now.timeIntervalSince(entry.lastUsed) < APIKeyStore.lastUsedResolution
            else {
                state.entries[digest] = nil
                return .miss(epoch: state.epoch)
            }
            return .hit(entry.record)
        }
    }

    /// Keeps a key the store accepted at `now`, unless memory was emptied since the lookup that returned `epoch`.
    func offer(_ record: APIKeyRecord, for digest: SHA256Digest, epoch: UInt64, now: Date) {
        // The store wrote lastUsedAt when the stored one was a resolution old (or absent): as of now, in that case.
        let stored = record.lastUsedAt ?? .distantPast
        let lastUsed = now.timeIntervalSince(stored) >= APIKeyStore.lastUsedResolution ? now : stored
        state.withLock { state in
            guard epoch == state.epoch, state.confirmedAt != nil else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[digest] = Entry(record: record, lastUsed: lastUsed)
        }
    }

    /// The watcher read `mark`: a different one than before empties memory; either way memory is confirmed fresh.
    func observe(_ mark: KeyChangeMark, at instant: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.mark != mark {
                state.epoch &+= 1
                state.entries.removeAll()
                state.mark = mark
            }
            state.confirmedAt = instant
        }
    }

    /// A change made through this gateway (a suspension, say): forget everything at once.
    func forget() {
        state.withLock { state in
            state.epoch &+= 1
            state.entries.removeAll()
        }
    }

    /// How many keys are held (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
