import APIKeys
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Records the object an answer creates with its caller before the client sees its id. A JSON answer is held whole
/// (up to ``jsonLimit``; it was generated whole before its first byte) and its top-level `id` recorded; a stream's
/// first bytes are held until the first `"id"` member is read (a Responses stream's `response.created` event carries
/// the response first). The owner is recorded, then the bytes are relayed. An answer in which no id is found is
/// relayed as it is, and nothing is recorded: nobody reaches that object through the gateway.
struct OwnershipCapture: Sendable {
    /// The most of a stream held while looking for its id.
    static let limit = 64 * 1024
    /// The most of a JSON answer held to read its top-level id; beyond it, its first `"id"` member is taken.
    static let jsonLimit = 4 << 20

    let store: any ObjectOwnershipStore
    let kind: OwnedObject.Kind
    let owner: String
    let upstream: String
    let deployment: String
    /// True for `text/event-stream` answers.
    let isEventStream: Bool
    let logger: Logger

    /// `body`, with the owner of the object it creates recorded before its id is relayed.
    func wrapping(_ body: ResponseBody) -> ResponseBody {
        let capture = self
        // The bytes pass through unchanged, so their length does too.
        return ResponseBody(contentLength: body.contentLength) { writer in
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

    /// The `id` member of a JSON object answer, when it is a valid id.
    static func topLevelID(in bytes: ByteBuffer) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any],
            let id = object["id"] as? String, ObjectResolution.validID(id)
        else { return nil }
        return id
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
            if !capture.isEventStream, pending.readableBytes < OwnershipCapture.jsonLimit {
                held = pending  // read at the end, whole
                return
            }
            if let id = OwnershipCapture.firstID(in: pending), ObjectResolution.validID(id) {
                await capture.record(id)
            } else if capture.isEventStream, pending.readableBytes < OwnershipCapture.limit {
                held = pending
                return
            }
            held = nil
            try await base.write(pending)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            if let pending = held, pending.readableBytes > 0 {
                if !capture.isEventStream, let id = OwnershipCapture.topLevelID(in: pending) { await capture.record(id) }
                try await base.write(pending)
            }
            try await base.finish(trailingHeaders)
        }
    }
}
