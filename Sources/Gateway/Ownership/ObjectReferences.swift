import APIKeys
import Foundation
import NIOCore

/// Step 4b: the stored objects a request body names must be the caller's: `previous_response_id` and `conversation`
/// (Responses), `input_file_id` (batches), every `file_id` and `file_ids` (input files, chat file parts, vector store
/// files) and every `vector_store_ids` (file search tools, wherever they are in the body). Another identity's
/// object, or one that does not exist, is a 404 before anything reaches the upstream; the request goes to the
/// upstream that holds them (all on one, else a 400). A Responses create is recorded with its caller.
struct ObjectReferences: InferenceStep {
    let store: (any ObjectOwnershipStore)?

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        if exchange.endpoint?.operation == .responses { exchange.ownership = .create(.response) }
        guard Self.mayReference(exchange.body),
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: exchange.body))) as? [String: Any]
        else { return }
        let owner = exchange.authenticated().owner
        for (kind, id) in Self.references(in: object) {
            let owned = try await ObjectResolution.owned(kind, id: id, by: owner, store: store)
            if let pinned = exchange.pinnedUpstream, pinned != owned.upstream {
                throw GatewayError(
                    .badRequest, code: .objectsApart,
                    "The objects this request names are held by different upstreams; name objects created through the same one.")
            }
            exchange.pinnedUpstream = owned.upstream
        }
    }

    /// Byte checks first: a body that names no id is not parsed here.
    static func mayReference(_ body: ByteBuffer) -> Bool {
        referenceMarks.contains { body.containsBytes($0) }
    }

    private static let referenceMarks = [Array(#"_id""#.utf8), Array(#"_ids""#.utf8), Array(#""conversation""#.utf8)]

    /// The objects `object` names, in the order found.
    static func references(in object: [String: Any]) -> [(OwnedObject.Kind, String)] {
        var found: [(OwnedObject.Kind, String)] = []
        if let id = object["previous_response_id"] as? String { found.append((.response, id)) }
        if let id = object["conversation"] as? String {
            found.append((.conversation, id))
        } else if let id = (object["conversation"] as? [String: Any])?["id"] as? String {
            found.append((.conversation, id))
        }
        if let id = object["input_file_id"] as? String { found.append((.file, id)) }
        collectFileIDs(object, into: &found)
        return found
    }

    private static func collectFileIDs(_ value: Any, into found: inout [(OwnedObject.Kind, String)]) {
        if let object = value as? [String: Any] {
            for (key, member) in object {
                if key == "file_id", let id = member as? String {
                    found.append((.file, id))
                } else if key == "file_ids", let ids = member as? [Any] {
                    found += ids.compactMap { $0 as? String }.map { (.file, $0) }
                } else if key == "vector_store_ids", let ids = member as? [Any] {
                    found += ids.compactMap { $0 as? String }.map { (.vectorStore, $0) }
                } else {
                    collectFileIDs(member, into: &found)
                }
            }
        } else if let items = value as? [Any] {
            for item in items { collectFileIDs(item, into: &found) }
        }
    }
}
