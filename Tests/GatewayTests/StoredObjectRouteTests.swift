import AccessPolicy
import Foundation
import GatewayTesting
import HTTPTypes
import NIOCore
import Testing

@Suite("Gateway files and batches, owned by their creator")
struct StoredObjectRouteTests {
    static func upload(_ gateway: RouteTestGateway, key: String) async throws -> String {
        let line = #"{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[]}}"#
        let body = multipart(fields: [("purpose", "batch")], file: ("file", "input.jsonl", Array(line.utf8)))
        let uploaded = try await gateway.call(
            .post, "/openai/v1/files", key: key, body: body, contentType: "multipart/form-data; boundary=bulwark-test-boundary")
        #expect(uploaded.status == 200)
        return try #require(try RouteTestGateway.json(uploaded.body)["id"] as? String)
    }

    static func ids(_ body: String) throws -> [String] {
        (try RouteTestGateway.json(body)["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("files: upload, list, retrieve, content and delete reach only the creator's files; another identity gets 404 and an empty list")
    func files() async throws {
        try await RouteTestGateway.run { gateway in
            let owner = try gateway.key(["gpt-4o"], operations: [.files, .chat]),
                other = try gateway.key(["gpt-4o"], operations: [.files, .chat])
            let mine = try await Self.upload(gateway, key: owner)
            let theirs = try await Self.upload(gateway, key: other)
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/files", key: owner).body) == [mine])
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/files", key: other).body) == [theirs])
            #expect(try await gateway.call(.get, "/openai/v1/files/\(mine)", key: owner).status == 200)
            #expect(try await gateway.call(.get, "/openai/v1/files/\(mine)/content", key: owner).body == "line\n")
            let before = gateway.forwarded
            #expect(try await gateway.call(.get, "/openai/v1/files/\(mine)", key: other).status == 404)
            #expect(try await gateway.call(.get, "/openai/v1/files/\(mine)/content", key: other).status == 404)
            #expect(try await gateway.call(.delete, "/openai/v1/files/\(mine)", key: other).status == 404)
            #expect(gateway.forwarded == before)
            #expect(try await gateway.call(.delete, "/openai/v1/files/\(mine)", key: owner).status == 200)
            let third = try gateway.key(["gpt-4o"], operations: [.files])
            let empty = try await gateway.call(.get, "/openai/v1/files", key: third)
            #expect(try Self.ids(empty.body).isEmpty)
            #expect(try await gateway.call(.get, "/openai/files", key: owner).status == 400, "Azure's versioned surface needs api-version")
            #expect(try await gateway.call(.get, "/openai/files?api-version=2024-10-21", key: other).status == 200)
        }
    }

    @Test("batches: created from the caller's own file only; another identity's file id is a 404 that never reaches the upstream")
    func batches() async throws {
        try await RouteTestGateway.run { gateway in
            let operations: [GatewayOperation] = [.files, .batches, .chat]
            let owner = try gateway.key(["gpt-4o"], operations: operations), other = try gateway.key(["gpt-4o"], operations: operations)
            let file = try await Self.upload(gateway, key: owner)
            let request = #"{"input_file_id":"\#(file)","endpoint":"/v1/chat/completions","completion_window":"24h"}"#
            let before = gateway.forwarded
            let stolen = try await gateway.call(.post, "/openai/v1/batches", key: other, json: request)
            #expect(stolen.status == 404)
            #expect(stolen.body.contains("No file with id"))
            #expect(gateway.forwarded == before)
            let created = try await gateway.call(.post, "/openai/v1/batches", key: owner, json: request)
            #expect(created.status == 200)
            let batch = try #require(try RouteTestGateway.json(created.body)["id"] as? String)
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/batches", key: owner).body) == [batch])
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/batches", key: other).body).isEmpty)
            #expect(try await gateway.call(.get, "/openai/v1/batches/\(batch)", key: other).status == 404)
            #expect(try await gateway.call(.post, "/openai/v1/batches/\(batch)/cancel", key: other).status == 404)
            #expect(try await gateway.call(.post, "/openai/v1/batches/\(batch)/cancel", key: owner).status == 200)
            let chatOnly = try gateway.key(["gpt-4o"], operations: [.chat])
            #expect(try await gateway.call(.get, "/openai/v1/batches", key: chatOnly).status == 403)
        }
    }

    @Test("a batch file is refused when a line names a deployment or an operation the uploader may not use, or cannot be read")
    func batchInput() async throws {
        try await RouteTestGateway.run { gateway in
            let key = try gateway.key(["gpt-4o"], operations: [.files, .batches, .chat])
            let form = "multipart/form-data; boundary=bulwark-test-boundary"
            func upload(_ lines: String) async throws -> (status: Int, body: String, headers: HTTPFields) {
                let body = multipart(fields: [("purpose", "batch")], file: ("file", "input.jsonl", Array(lines.utf8)))
                return try await gateway.call(.post, "/openai/v1/files", key: key, body: body, contentType: form)
            }
            let chat = #"{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[]}}"#
            let other = #"{"custom_id":"2","method":"POST","url":"/v1/chat/completions","body":{"model":"other-model","messages":[]}}"#
            let embeddings = #"{"custom_id":"3","method":"POST","url":"/v1/embeddings","body":{"model":"gpt-4o","input":"x"}}"#
            let deployment = try await upload(chat + "\n" + other + "\n")
            #expect(deployment.status == 403 && deployment.body.contains("other-model"))
            #expect(try await upload(chat + "\n" + embeddings).status == 403, "embeddings is not among the key's operations")
            let unreadable = try await upload(chat + "\nnot json\n")
            #expect(unreadable.status == 400 && unreadable.body.contains("Line 2"))
            #expect(gateway.forwarded == 0)
            #expect(try await upload(chat + "\n\n" + chat).status == 200)
        }
    }

    @Test("vector stores: the creator's only; another identity's store or file is a 404, in a file search tool too")
    func vectorStores() async throws {
        try await RouteTestGateway.run { gateway in
            let owner = try gateway.key(["gpt-4o"]), other = try gateway.key(["gpt-4o"])
            let created = try await gateway.call(.post, "/openai/v1/vector_stores", key: owner, json: #"{"name":"docs"}"#)
            let store = try #require(try RouteTestGateway.json(created.body)["id"] as? String)
            let file = try await Self.upload(gateway, key: owner)
            let theirFile = try await Self.upload(gateway, key: other)
            #expect(
                try await gateway.call(.post, "/openai/v1/vector_stores/\(store)/files", key: owner, json: #"{"file_id":"\#(file)"}"#)
                    .status == 200)
            let before = gateway.forwarded
            #expect(
                try await gateway.call(.post, "/openai/v1/vector_stores/\(store)/files", key: owner, json: #"{"file_id":"\#(theirFile)"}"#)
                    .status == 404, "another identity's file cannot be added")
            #expect(try await gateway.call(.get, "/openai/v1/vector_stores/\(store)", key: other).status == 404)
            let search = #"{"model":"gpt-4o","input":"q","tools":[{"type":"file_search","vector_store_ids":["\#(store)"]}]}"#
            #expect(try await gateway.call(.post, "/openai/v1/responses", key: other, json: search).status == 404)
            #expect(gateway.forwarded == before)
            #expect(try await gateway.call(.post, "/openai/v1/responses", key: owner, json: search).status == 200)
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/vector_stores", key: other).body).isEmpty)
            #expect(try Self.ids(try await gateway.call(.get, "/openai/v1/vector_stores", key: owner).body) == [store])
        }
    }

    @Test("a file id from another identity inside a Responses input is a 404 before the upstream")
    func fileInInput() async throws {
        try await RouteTestGateway.run { gateway in
            let owner = try gateway.key(["gpt-4o"]), other = try gateway.key(["gpt-4o"])
            let file = try await Self.upload(gateway, key: owner)
            let body =
                #"{"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_file","file_id":"\#(file)"},{"type":"input_text","text":"summarise"}]}]}"#
            let before = gateway.forwarded
            #expect(try await gateway.call(.post, "/openai/v1/responses", key: other, json: body).status == 404)
            #expect(gateway.forwarded == before)
            #expect(try await gateway.call(.post, "/openai/v1/responses", key: owner, json: body).status == 200)
        }
    }
}
