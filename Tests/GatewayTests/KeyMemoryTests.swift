import APIKeys
import Foundation
@testable import Gateway
import Testing

@Suite("Memory of accepted SQLite keys")
struct KeyMemoryTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let start = ContinuousClock.now

    static func store() throws -> (APIKeyStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-memory-\(UUID().uuidString).db").path
        return (try APIKeyStore(location: "sqlite:" + path), path)
    }

    func record(expiresAt: Date? = nil, lastUsedAt: Date? = nil) -> APIKeyRecord {
        APIKeyRecord(
            prefix: "bwk_abcdefabcdef", name: "k", scope: APIKeyScope(deployments: ["gpt-4o"]), createdAt: now.addingTimeInterval(-3600),
            expiresAt: expiresAt, lastUsedAt: lastUsedAt, revokedAt: nil, retiresAt: nil)
    }

    /// Two different marks, read from one file before and after a key change.
    static func twoMarks() throws -> (KeyChangeMark, KeyChangeMark) {
        let (store, path) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try store.keyChangeMark()
        _ = try store.create(name: "k", scope: APIKeyScope(deployments: ["*"]), expiresIn: nil)
        return (before, try store.keyChangeMark())
    }

    func isHit(_ lookup: KeyMemory.Lookup) -> Bool {
        if case .hit = lookup { return true }
        return false
    }

    func epoch(_ lookup: KeyMemory.Lookup) -> UInt64? {
        if case .miss(let epoch) = lookup { return epoch }
        return nil
    }

    @Test("nothing is kept or believed before the watcher first read the mark")
    func untrustedAtFirst() throws {
        let memory = KeyMemory()
        let digest = KeyMemory.digest(of: "bwk_abcdefabcdef_secret")
        let miss = try #require(epoch(memory.lookup(digest, now: now, at: start)))
        memory.offer(record(), for: digest, epoch: miss, now: now)
        #expect(memory.count == 0)
    }

    @Test("a kept key is a hit until the mark changes, and a lookup begun before the change cannot fill it afterwards")
    func markChangeEmpties() throws {
        let (before, after) = try Self.twoMarks()
        let memory = KeyMemory()
        memory.observe(before, at: start)
        let digest = KeyMemory.digest(of: "bwk_abcdefabcdef_secret")
        let miss = try #require(epoch(memory.lookup(digest, now: now, at: start)))
        memory.offer(record(), for: digest, epoch: miss, now: now)
        #expect(isHit(memory.lookup(digest, now: now, at: start)))
        #expect(!isHit(memory.lookup(KeyMemory.digest(of: "bwk_abcdefabcdef_other"), now: now, at: start)), "another secret")

        memory.observe(before, at: start + .milliseconds(100))
        #expect(isHit(memory.lookup(digest, now: now, at: start + .milliseconds(100))), "the same mark keeps it")

        let staleEpoch = try #require(epoch(memory.lookup(KeyMemory.digest(of: "x"), now: now, at: start)))
        memory.observe(after, at: start + .milliseconds(200))
        #expect(!isHit(memory.lookup(digest, now: now, at: start + .milliseconds(200))), "a changed mark empties it")
        memory.offer(record(), for: digest, epoch: staleEpoch, now: now)
        #expect(memory.count == 0, "a row read before the change is not kept")
        memory.forget()
        #expect(memory.count == 0)
    }

    @Test("memory is not believed once the watcher has not confirmed it for longer than the staleness bound")
    func staleness() throws {
        let (mark, _) = try Self.twoMarks()
        let memory = KeyMemory(staleness: .seconds(1))
        memory.observe(mark, at: start)
        let digest = KeyMemory.digest(of: "k")
        memory.offer(record(), for: digest, epoch: try #require(epoch(memory.lookup(digest, now: now, at: start))), now: now)
        #expect(isHit(memory.lookup(digest, now: now, at: start + .milliseconds(900))))
        #expect(!isHit(memory.lookup(digest, now: now, at: start + .milliseconds(1100))))
        memory.observe(mark, at: start + .milliseconds(1200))
        #expect(isHit(memory.lookup(digest, now: now, at: start + .milliseconds(1300))), "confirmed again")
    }

    @Test("expiry is judged at each request's time, and a key is asked of the store again once lastUsedAt is due")
    func expiryAndLastUse() throws {
        let (mark, _) = try Self.twoMarks()
        let memory = KeyMemory()
        memory.observe(mark, at: start)
        let digest = KeyMemory.digest(of: "k")
        let fill = { (record: APIKeyRecord) in
            memory.offer(record, for: digest, epoch: self.epoch(memory.lookup(digest, now: self.now, at: self.start)) ?? 0, now: self.now)
        }
        fill(record(expiresAt: now.addingTimeInterval(10), lastUsedAt: now))
        #expect(isHit(memory.lookup(digest, now: now.addingTimeInterval(9), at: start)))
        #expect(!isHit(memory.lookup(digest, now: now.addingTimeInterval(11), at: start)), "expired")
        #expect(memory.count == 0)

        // Last written 30 s ago: the store wrote nothing now, so it is due 30 s from now.
        fill(record(lastUsedAt: now.addingTimeInterval(-30)))
        #expect(isHit(memory.lookup(digest, now: now.addingTimeInterval(29), at: start)))
        #expect(!isHit(memory.lookup(digest, now: now.addingTimeInterval(31), at: start)))
        // Never written: the store wrote it now, so it is due a minute from now.
        fill(record(lastUsedAt: nil))
        #expect(isHit(memory.lookup(digest, now: now.addingTimeInterval(59), at: start)))
        #expect(!isHit(memory.lookup(digest, now: now.addingTimeInterval(61), at: start)))
    }
}
