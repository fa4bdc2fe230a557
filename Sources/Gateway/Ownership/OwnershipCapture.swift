import APIKeys
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Records the object an answer creates with its caller before the client sees its id: the answer's first bytes are
/// held until the first `"id"` member is read (a JSON answer's own id; a Responses stream's `response.created`
/// event carries the response first), the owner is recorded, then they are relayed. An answer whose first
/// ``limit`` bytes hold no id is relayed as it is, and nothing is recorded.
struct OwnershipCapture: Sendable {
    static let limit = 64 * 1024

    let store: any ObjectOwnershipStore
    let kind: OwnedObject.Kind
    let owner: String
    let upstream: String
    let deployment: String
    let logger: Logger

    /// `body`, with the owner of the object it creates recorded before its id is relayed.
    func wrapping(_ body: ResponseBody) -> ResponseBody {
        let capture = self
        return ResponseBody { writer in
            try await body.write(Writer(base: writer, capture: capture))
        }
    }

    /// The first `"id": "…"` string member of `bytes`, if it is whole.
    static func firstID(in bytes: ByteBuffer) -> String? {
        let view = Array(bytes.readableBytesView)
        let key = Array(#""id""#.utf8)
        var index = 0
        while index + key.count <= view.count {
            guard view[index..<index + key.count].elementsEqual(key) else {
                index += 1
                continue
            }
            var cursor = index + key.count
            while cursor < view.count, view[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < view.count, view[cursor] == UInt8(ascii: ":") else {
                index += 1
                continue
            }
            cursor += 1
            while cursor < view.count, view[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < view.count, view[cursor] == UInt8(ascii: "\"") else { return nil }
            let start = cursor + 1
            guard let end = view[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: view[start..<end], as: UTF8.self)
        }
        return nil
    }

    func record(_ id: String) async {
        do {
            try await store.recordOwner(
                OwnedObject(kind: kind, id: id, owner: owner, upstream: upstream, deployment: deployment, createdAt: Date()))
        } catch {
            // The object exists upstream; with no owner recorded, nobody reaches it through the gateway (fails closed).
            logger.error("object owner not recorded", metadata: ["kind": "\(kind.rawValue)", "error": "\(error.code.rawValue)"])
        }
    }

    private struct Writer: ResponseBodyWriter {
        var base: any ResponseBodyWriter
        let capture: OwnershipCapture
        var held: ByteBuffer? = ByteBuffer()

        mutating func write(_ buffer: ByteBuffer) async throws {
            guard var pending = held else { return try await base.write(buffer) }
            var chunk = buffer
            pending.writeBuffer(&chunk)
            if let id = OwnershipCapture.firstID(in: pending), ObjectResolution.validID(id) {
                await capture.record(id)
            } else if pending.readableBytes < OwnershipCapture.limit {
                held = pending
                return
            }
            held = nil
            try await base.write(pending)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            if let pending = held, pending.readableBytes > 0 { try await base.write(pending) }
            try await base.finish(trailingHeaders)
        }
    }
}
