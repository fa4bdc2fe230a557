import Foundation
import GatewayTesting
import HTTPTypes
import NIOCore
import Testing

/// A `multipart/form-data` body with `fields` and one file part.
func multipart(
    boundary: String = "bulwark-test-boundary", fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?
) -> ByteBuffer {
    var body: [UInt8] = []
    for (name, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    if let file {
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        body += file.bytes + Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    return ByteBuffer(bytes: body)
}

@Suite("Gateway images, audio and Foundry routes")
struct UploadRouteTests {
    static let form = "multipart/form-data; boundary=bulwark-test-boundary"

    @Test("images.generate on v1 and on the deployment route; a deployment the key lacks is refused before the upstream")
    func imageGeneration() async throws {
        try await RouteTestGateway.run(audit: { records in
            let images = records.filter { $0["operation"] as? String == "images" && $0["status"] as? Int == 200 }
            #expect(images.count == 2)
            #expect(images.allSatisfy { $0["images"] as? Int == 2 && $0["imageSize"] as? String == "1024x1024" })
        }) { gateway in
            let key = try gateway.key(["gpt-4o", "dall-e-3"])
            let body = #"{"model":"dall-e-3","prompt":"a lighthouse","n":2,"size":"1024x1024"}"#
            let v1 = try await gateway.call(.post, "/openai/v1/images/generations", key: key, json: body)
            #expect(v1.status == 200)
            #expect(v1.body.contains("images.example"))
            let azure = try await gateway.call(
                .post, "/openai/deployments/dall-e-3/images/generations?api-version=2024-10-21", key: key, json: body)
            #expect(azure.status == 200)
            #expect(
                gateway.upstream.received.withLock { $0.last?.path }
                    == "/openai/deployments/dall-e-3/images/generations?api-version=2024-10-21")
            let before = gateway.forwarded
            let refused = try await gateway.call(
                .post, "/openai/v1/images/generations", key: key, json: #"{"model":"other-model","prompt":"x"}"#)
            #expect(refused.status == 403)
            #expect(gateway.forwarded == before)
        }
    }

    @Test("an image edit is a multipart upload: the model comes from its form, its prompt is guarded, the image passes byte for byte")
    func imageEdit() async throws {
        try await RouteTestGateway.run(guards: "          personalData: mask") { gateway in
            let key = try gateway.key(["dall-e-3"])
            let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]
            let body = multipart(
                fields: [("model", "dall-e-3"), ("prompt", "add a sign saying jane.doe@example.com")],
                file: ("image", "in.png", image))
            let edited = try await gateway.call(.post, "/openai/v1/images/edits", key: key, body: body, contentType: Self.form)
            #expect(edited.status == 200)
            let sent = try #require(gateway.upstream.received.withLock { $0.last })
            #expect(sent.headers["content-type"] == Self.form)
            #expect(!sent.body.contains("jane.doe@example.com"), "the prompt field is masked")
            #expect(sent.body.contains("name=\"image\"; filename=\"in.png\""))
        }
    }

    @Test("bad uploads get clear errors and never reach the upstream: no boundary, a broken form, a form over the size limit")
    func badUploads() async throws {
        try await RouteTestGateway.run { gateway in
            let key = try gateway.key(["dall-e-3", "whisper"])
            let body = multipart(fields: [("model", "dall-e-3"), ("prompt", "x")], file: ("image", "in.png", [1, 2, 3]))
            let noBoundary = try await gateway.call(
                .post, "/openai/v1/images/edits", key: key, body: body, contentType: "multipart/form-data")
            #expect(noBoundary.status == 400)
            #expect(noBoundary.body.contains("invalid_multipart") && noBoundary.body.contains("no boundary"))
            let wrongBoundary = try await gateway.call(
                .post, "/openai/deployments/dall-e-3/images/edits?api-version=2025-04-01-preview", key: key, body: body,
                contentType: "multipart/form-data; boundary=another")
            #expect(wrongBoundary.status == 400, "checked on the deployment route too, where the form is not needed for routing")
            let truncated = ByteBuffer(bytes: Array(body.readableBytesView.dropLast(30)))
            let broken = try await gateway.call(.post, "/openai/v1/images/edits", key: key, body: truncated, contentType: Self.form)
            #expect(broken.status == 400)
            let large = multipart(fields: [("model", "whisper")], file: ("file", "a.wav", [UInt8](repeating: 7, count: 5000)))
            let tooLarge = try await gateway.call(.post, "/openai/v1/audio/transcriptions", key: key, body: large, contentType: Self.form)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.body.contains("body_too_large"))
            #expect(gateway.forwarded == 0)
        }
    }

    @Test("audio: transcriptions and translations are uploads; speech streams the upstream's audio back as it is")
    func audio() async throws {
        try await RouteTestGateway.run(
            auditContent: "full",
            audit: { records in
                let transcription = records.first { $0["operation"] as? String == "audio" && $0["audioSeconds"] != nil }
                #expect(transcription?["audioSeconds"] as? Double == 3)
                #expect(transcription?["prompt"] as? String == "model=whisper\nfile=<file a.wav>", "an upload is logged without its bytes")
            }
        ) { gateway in
            let key = try gateway.key(["whisper", "tts"])
            let upload = multipart(fields: [("model", "whisper")], file: ("file", "a.wav", [0x52, 0x49, 0x46, 0x46]))
            let transcribed = try await gateway.call(
                .post, "/openai/v1/audio/transcriptions", key: key, body: upload, contentType: Self.form)
            #expect(transcribed.status == 200)
            #expect(transcribed.body.contains(#""text":"hello""#))
            let translated = try await gateway.call(
                .post, "/openai/deployments/whisper/audio/translations?api-version=2024-06-01", key: key, body: upload,
                contentType: Self.form)
            #expect(translated.status == 200)
            let speech = try await gateway.client.execute(
                uri: "/openai/v1/audio/speech", method: .post,
                headers: [HTTPField.Name("api-key")!: key, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"model":"tts","input":"hello","voice":"alloy"}"#))
            #expect(speech.status == .ok)
            #expect(speech.headers[.contentType] == "audio/mpeg")
            #expect(Array(speech.body.readableBytesView) == [0x49, 0x44, 0x33, 0x04, 0x00, 0xFF, 0xFB])
        }
    }

    @Test("limits apply to the new routes: a key's requests across Responses, images and files count against one rule")
    func limits() async throws {
        try await RouteTestGateway.run(limitRules: "[ { name: per-key, scope: key, requests: 3, per: 3600s } ]") { gateway in
            let key = try gateway.key(["gpt-4o", "dall-e-3"])
            #expect(
                try await gateway.call(.post, "/openai/v1/responses", key: key, json: #"{"model":"gpt-4o","input":"hi"}"#).status == 200)
            let image = #"{"model":"dall-e-3","prompt":"x"}"#
            #expect(try await gateway.call(.post, "/openai/v1/images/generations", key: key, json: image).status == 200)
            #expect(try await gateway.call(.get, "/openai/v1/files", key: key).status == 200)
            let before = gateway.forwarded
            let refused = try await gateway.call(.post, "/openai/v1/images/generations", key: key, json: image)
            #expect(refused.status == 429)
            #expect(refused.body.contains("rate_limit_exceeded") && refused.body.contains("per-key"))
            #expect(gateway.forwarded == before)
        }
    }

    @Test("Azure AI Foundry model inference: the model in the body, authorised like chat")
    func foundry() async throws {
        try await RouteTestGateway.run { gateway in
            let key = try gateway.key(["gpt-4o"], operations: [.chat])
            let body = #"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#
            let answered = try await gateway.call(.post, "/models/chat/completions?api-version=2024-05-01-preview", key: key, json: body)
            #expect(answered.status == 200)
            #expect(gateway.upstream.received.withLock { $0.last?.path } == "/models/chat/completions?api-version=2024-05-01-preview")
            let other = #"{"model":"other-model","messages":[]}"#
            #expect(try await gateway.call(.post, "/models/chat/completions", key: key, json: other).status == 403)
            #expect(try await gateway.call(.post, "/models/embeddings", key: key, json: #"{"model":"gpt-4o","input":"x"}"#).status == 403)
        }
    }
}
