import Foundation
import NIOCore
import RESP
import Testing

/// The server the script `Scripts/redis-for-tests.sh` started (a loopback address), if any.
private let serverURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_URL"]
/// A server of their own for the tests that flush its script cache (the shared one when not set).
private let isolatedServerURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_ISOLATED_URL"] ?? serverURL
private let authServerURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_AUTH_URL"]
private let authPassword = ProcessInfo.processInfo.environment["BULWARK_REDIS_PASSWORD"]

private func makeClient(
    _ url: String? = serverURL, password: String? = nil, timeout: Duration = .seconds(5),
    protocolVersion: RESPConfiguration.ProtocolVersion = .resp2
) throws -> RESPClient {
    var configuration = try RESPConfiguration(url: try #require(url), password: password)
    configuration.commandTimeout = timeout
    configuration.protocolVersion = protocolVersion
    return RESPClient(configuration: configuration)
}

private func uniqueKey(_ name: String) -> String { "bulwark-test:\(name):\(UInt64.random(in: 0...UInt64.max))" }

@Suite("RESP against a real redis-server", .enabled(if: serverURL != nil), .serialized)
struct RESPServerTests {
    @Test("SET and GET round-trip binary values, including CR, LF, NUL and a megabyte")
    func binaryValues() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        let key = uniqueKey("binary")
        let every = (0...255).map { UInt8($0) } + Array("\r\n".utf8)
        #expect(try await client.send(["SET", RESPArgument(key), RESPArgument(every)]) == .simpleString("OK"))
        #expect(try await client.send(["GET", RESPArgument(key)]).bytes == every)
        let large = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        _ = try await client.send(["SET", RESPArgument(key + "-large"), RESPArgument(large)])
        #expect(try await client.send(["GET", RESPArgument(key + "-large")]).bytes == large)
        #expect(try await client.send(["GET", RESPArgument(uniqueKey("missing"))]) == .bulkString(nil))
        _ = try await client.send(["DEL", key, key + "-large"])
    }

    @Test("1,000 pipelined INCRs are all answered, in order")
    func pipelineInOrder() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        let key = uniqueKey("pipeline")
        let results = try await client.pipeline(Array(repeating: ["INCR", RESPArgument(key)], count: 1000))
        #expect(try results.map { try $0.get() } == (1...1000).map { .integer(Int64($0)) })
        _ = try await client.send(["DEL", key])
    }

    @Test("1,000 concurrent commands on one client each get their own reply")
    func concurrentCommands() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<1000 {
                group.addTask { try await client.send(["ECHO", "reply-\(index)"]).string == "reply-\(index)" }
            }
            var matched = 0
            for try await ok in group where ok { matched += 1 }
            #expect(matched == 1000)
        }
    }

    @Test("INCR from many concurrent tasks on two clients adds up exactly")
    func concurrentIncrements() async throws {
        let clients = [try makeClient(), try makeClient()]
        let key = uniqueKey("counter")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<40 {
                group.addTask {
                    for _ in 0..<50 { _ = try await clients[task % 2].send(["INCR", key]) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await clients[0].send(["GET", key]).int == 2000)
        _ = try await clients[0].send(["DEL", key])
        for client in clients { await client.close() }
    }

    @Test("SCRIPT LOAD then EVALSHA runs a script; after SCRIPT FLUSH, EVALSHA says noScript and evalScript reloads")
    func scripts() async throws {
        let client = try makeClient(isolatedServerURL)
        defer { Task { await client.close() } }
        let key = uniqueKey("script")
        let script = "return redis.call('INCRBY', KEYS[1], ARGV[1])"
        let sha = try await client.scriptLoad(script)
        #expect(try await client.evalsha(sha, keys: [RESPArgument(key)], arguments: [5]) == .integer(5))
        _ = try await client.send(["SCRIPT", "FLUSH"])
        await #expect(throws: RESPError.noScript) { _ = try await client.evalsha(sha, keys: [RESPArgument(key)], arguments: [1]) }
        #expect(try await client.evalScript(script, keys: [RESPArgument(key)], arguments: [2]) == .integer(7))
        _ = try await client.send(["SCRIPT", "FLUSH"])
        #expect(try await client.evalScript(script, keys: [RESPArgument(key)], arguments: [3]) == .integer(10))
        _ = try await client.send(["DEL", key])
    }

    @Test("commands written without waiting reach the server in call order with those awaited, from one task")
    func writeOrder() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        let key = uniqueKey("order")
        #expect(try await client.send(["PING"]) == .simpleString("PONG"))
        var written: [EventLoopFuture<RESPValue>] = []
        for index in 0..<200 {
            if index % 3 == 0 {
                _ = try await client.send(["RPUSH", RESPArgument(key), RESPArgument(index)])
            } else {
                written.append(try #require(client.writeIfConnected(["RPUSH", RESPArgument(key), RESPArgument(index)])))
            }
        }
        let list = try await client.send(["LRANGE", RESPArgument(key), "0", "-1"]).array?.compactMap(\.string)
        #expect(list == (0..<200).map(String.init))
        for future in written { #expect(try await future.get().int != nil) }
        _ = try await client.send(["DEL", RESPArgument(key)])
    }

    @Test("a script runs in one round trip only once its digest is known and held: nil tells the caller it did not run")
    func scriptIfReady() async throws {
        let client = try makeClient(isolatedServerURL)
        defer { Task { await client.close() } }
        let key = uniqueKey("ready")
        let script = "return redis.call('INCRBY', KEYS[1], ARGV[1])"
        #expect(client.writeIfConnected(["PING"]) == nil, "no connection yet")
        #expect(try await client.evalScriptIfReady(script, keys: [RESPArgument(key)], arguments: [1]) == nil, "nor a connection")
        _ = try await client.send(["PING"])
        #expect(try await client.evalScriptIfReady(script, keys: [RESPArgument(key)], arguments: [1]) == nil, "the digest is unknown")
        #expect(client.writeScriptIfReady(script, keys: [RESPArgument(key)], arguments: [1]) == nil)
        #expect(try await client.evalScript(script, keys: [RESPArgument(key)], arguments: [2]) == .integer(2))
        #expect(try await client.evalScriptIfReady(script, keys: [RESPArgument(key)], arguments: [3]) == .integer(5))
        #expect(try await client.writeScriptIfReady(script, keys: [RESPArgument(key)], arguments: [4])?.get() == .integer(9))
        _ = try await client.send(["SCRIPT", "FLUSH"])
        #expect(try await client.evalScriptIfReady(script, keys: [RESPArgument(key)], arguments: [100]) == nil, "NOSCRIPT: it did not run")
        #expect(try await client.send(["GET", RESPArgument(key)]).string == "9")
        _ = try await client.send(["DEL", RESPArgument(key)])
    }

    @Test("TIME returns the server's clock, close to this machine's")
    func serverTime() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        let time = try await client.time()
        let local = Date().timeIntervalSince1970
        let (seconds, _) = time.components
        #expect(abs(Double(seconds) - local) < 5)
    }

    @Test("an error reply is a serverError with the server's message, and the connection stays usable")
    func serverError() async throws {
        let client = try makeClient()
        defer { Task { await client.close() } }
        let key = uniqueKey("wrongtype")
        _ = try await client.send(["SET", key, "text"])
        let error = await #expect(throws: RESPError.serverError) { _ = try await client.send(["LPUSH", key, "x"]) }
        #expect(error?.serverErrorPrefix == "WRONGTYPE")
        #expect(try await client.send(["PING"]) == .simpleString("PONG"))
        _ = try await client.send(["DEL", key])
    }

    @Test("a deadline fails a slow command with timeout, and the next command runs on a new connection")
    func deadline() async throws {
        let client = try makeClient(timeout: .seconds(5))
        defer { Task { await client.close() } }
        let before = try await client.send(["CLIENT", "ID"]).int
        let started = ContinuousClock.now
        await #expect(throws: RESPError.timeout) {
            _ = try await client.send(["BLPOP", uniqueKey("never"), "1"], timeout: .milliseconds(100))
        }
        #expect(ContinuousClock.now - started < .milliseconds(900))
        let after = try await client.send(["CLIENT", "ID"]).int
        #expect(before != nil && after != nil && before != after)
        #expect(try await client.send(["PING"]) == .simpleString("PONG"))
    }

    @Test("after the server kills the connection, the client reconnects")
    func reconnectAfterKill() async throws {
        let client = try makeClient()
        let killer = try makeClient()
        defer {
            Task {
                await client.close(); await killer.close()
            }
        }
        let id = try #require(try await client.send(["CLIENT", "ID"]).int)
        #expect(try await killer.send(["CLIENT", "KILL", "ID", RESPArgument(Int(id))]) == .integer(1))
        var newID: Int64?
        var failures: [RESPError] = []
        for _ in 0..<3 where newID == nil {
            do throws(RESPError) {
                newID = try await client.send(["CLIENT", "ID"]).int
            } catch {
                failures.append(error)
            }
        }
        #expect(newID != nil && newID != id)
        // At most the one command that raced the close may fail, and only as connectionClosed.
        #expect(failures.count <= 1 && failures.allSatisfy { $0 == .connectionClosed })
    }

    @Test("SELECT from the URL's database keeps keys apart from database 0")
    func selectDatabase() async throws {
        let url = try #require(serverURL)
        let inTwo = try makeClient(url.hasSuffix("/") ? url + "2" : url + "/2")
        let inZero = try makeClient()
        defer {
            Task {
                await inTwo.close(); await inZero.close()
            }
        }
        let key = uniqueKey("select")
        _ = try await inTwo.send(["SET", key, "two"])
        #expect(try await inTwo.send(["GET", key]).string == "two")
        #expect(try await inZero.send(["GET", key]) == .bulkString(nil))
        _ = try await inTwo.send(["DEL", key])
    }

    @Test("RESP3 (HELLO 3) gives maps, doubles and nulls")
    func resp3() async throws {
        let client = try makeClient(protocolVersion: .resp3)
        defer { Task { await client.close() } }
        let key = uniqueKey("hash")
        _ = try await client.send(["HSET", key, "field", "value"])
        #expect(
            try await client.send(["HGETALL", key])
                == .map([.init(key: .bulkString(ByteBuffer(string: "field")), value: .bulkString(ByteBuffer(string: "value")))]))
        #expect(try await client.send(["GET", uniqueKey("missing")]) == .null)
        _ = try await client.send(["ZADD", key + "-z", "1.5", "m"])
        #expect(try await client.send(["ZSCORE", key + "-z", "m"]) == .double(1.5))
        _ = try await client.send(["DEL", key, key + "-z"])
    }
}

@Suite("RESP against a password-protected redis-server", .enabled(if: authServerURL != nil && authPassword != nil), .serialized)
struct RESPAuthenticationTests {
    @Test("AUTH with the password from the environment works, over RESP2 and RESP3")
    func authenticates() async throws {
        for version in [RESPConfiguration.ProtocolVersion.resp2, .resp3] {
            let client = try makeClient(authServerURL, password: authPassword, protocolVersion: version)
            #expect(try await client.send(["PING"]) == .simpleString("PONG"))
            await client.close()
        }
    }

    @Test("a missing or wrong password is authenticationFailed, and no error description contains a password")
    func refused() async throws {
        let password = try #require(authPassword)
        var descriptions: [String] = []
        let wrong = "wrong-\(password.reversed())"
        for (candidate, version) in [(nil, RESPConfiguration.ProtocolVersion.resp2), (wrong, .resp2), (wrong, .resp3)] {
            let client = try makeClient(authServerURL, password: candidate, protocolVersion: version)
            let error = await #expect(throws: RESPError.authenticationFailed) { _ = try await client.send(["PING"]) }
            descriptions.append(String(describing: error))
            descriptions.append(String(reflecting: error))
            await client.close()
        }
        // A timeout and a closed connection on an authenticated client, described too.
        let client = try makeClient(authServerURL, password: password)
        let timeout = await #expect(throws: RESPError.timeout) {
            _ = try await client.send(["BLPOP", uniqueKey("never"), "1"], timeout: .milliseconds(50))
        }
        descriptions.append(String(describing: timeout))
        await client.close()
        let closed = await #expect(throws: RESPError.clientClosed) { _ = try await client.send(["PING"]) }
        descriptions.append(String(describing: closed))
        for description in descriptions {
            #expect(!description.contains(password) && !description.contains(wrong), "\(description)")
        }
    }
}

@Suite("RESP client without a server")
struct RESPClientOfflineTests {
    @Test("connecting to a closed loopback port fails with connectFailed after the configured attempts")
    func connectFailed() async throws {
        var configuration = RESPConfiguration(host: "127.0.0.1", port: 1)
        configuration.reconnect = .init(attempts: 2, initialDelay: .milliseconds(10), maximumDelay: .milliseconds(20))
        let client = RESPClient(configuration: configuration)
        await #expect(throws: RESPError.connectFailed) { _ = try await client.send(["PING"]) }
        // Inside the backoff window the next call fails fast rather than piling up attempts.
        let started = ContinuousClock.now
        await #expect(throws: RESPError.connectFailed) { _ = try await client.send(["PING"]) }
        #expect(ContinuousClock.now - started < .milliseconds(500))
        await client.close()
        await #expect(throws: RESPError.clientClosed) { _ = try await client.send(["PING"]) }
    }
}

private let tlsServerURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_TLS_URL"]
private let tlsCertificateAuthority = ProcessInfo.processInfo.environment["BULWARK_REDIS_TLS_CA"]

@Suite("RESP over TLS (rediss://)", .enabled(if: tlsServerURL != nil && tlsCertificateAuthority != nil), .serialized)
struct RESPTLSTests {
    @Test("a rediss:// server whose certificate chains to a trusted CA answers, RESP2 and RESP3")
    func trusted() async throws {
        for version in [RESPConfiguration.ProtocolVersion.resp2, .resp3] {
            var configuration = try RESPConfiguration(url: try #require(tlsServerURL))
            configuration.tls?.trustRoots = .file(try #require(tlsCertificateAuthority))
            configuration.protocolVersion = version
            configuration.commandTimeout = .seconds(5)
            let client = RESPClient(configuration: configuration)
            #expect(try await client.send(["PING"]) == .simpleString("PONG"))
            let key = uniqueKey("tls")
            #expect(try await client.pipeline(Array(repeating: ["INCR", RESPArgument(key)], count: 100)).count == 100)
            #expect(try await client.send(["GET", key]).int == 100)
            _ = try await client.send(["DEL", key])
            await client.close()
        }
    }

    @Test("certificates are verified by default: a server signed by an unknown CA is refused at connect")
    func verifiedByDefault() async throws {
        var configuration = try RESPConfiguration(url: try #require(tlsServerURL))
        configuration.reconnect = .init(attempts: 1)
        let client = RESPClient(configuration: configuration)
        await #expect(throws: RESPError.connectFailed) { _ = try await client.send(["PING"]) }
        await client.close()
    }
}
