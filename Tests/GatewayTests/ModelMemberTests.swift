import AccessPolicy
import Foundation
import Testing

@testable import Gateway

@Suite("The deployment a v1 request names")
struct ModelMemberTests {
    static let chat = OperationEndpoint.all[0]

    static func route(_ body: String) -> Result<InferenceRoute, GatewayError> {
        Result { () throws(GatewayError) in
            try InferenceRoute.v1Route(endpoint: chat, body: Data(body.utf8), contentType: "application/json", query: "")
        }
    }

    @Test("model is read wherever it stands among the other members, nested ones named model included")
    func modelAmongMembers() throws {
        let body = #"{"messages":[{"role":"user","content":"a \"model\": \"x\" in text","model":"inner"}],"model":"gpt-4o","n":2}"#
        #expect(try Self.route(body).get().deployment == "gpt-4o")
        #expect(try Self.route(#"  {"model" : "My-Deployment.v2"}  "#).get().upstreamPath == "/openai/v1/chat/completions")
    }

    @Test("a body that is not one JSON object is invalid JSON; an object whose model is absent or not a string misses it")
    func refusals() {
        for body in [#"{"model": "gpt-4o", "#, #"["gpt-4o"]"#, #""gpt-4o""#, "", #"{"model":"gpt-4o"} trailing"#, "{'model':'x'}"] {
            #expect(throws: GatewayError.self) { try Self.route(body).get() }
            #expect((try? Self.route(body).get()) == nil)
            if case .failure(let error) = Self.route(body) { #expect(error.code == .invalidJSON, "\(body)") }
        }
        for body in [#"{"messages":[]}"#, #"{"model":42}"#, #"{"model":null}"#, #"{"model":""}"#, #"{"model":{"name":"gpt-4o"}}"#] {
            if case .failure(let error) = Self.route(body) {
                #expect(error.code == .missingModel, "\(body)")
            } else {
                Issue.record("\(body) was routed")
            }
        }
        if case .failure(let error) = Self.route(#"{"model":"../x"}"#) {
            #expect(error.code == .invalidDeployment)
        } else {
            Issue.record("a path in model was routed")
        }
    }

    @Test("deployment names are ASCII letters, digits, '-', '_' and '.', up to 64 of them, and not '.' or '..'")
    func validNames() {
        for name in ["gpt-4o", "GPT_4o.v2", "a", String(repeating: "x", count: 64), "..."] {
            #expect(InferenceRoute.validDeploymentName(name), "\(name)")
        }
        for name in ["", ".", "..", "gpt/4o", "gpt%2F4o", "gpt 4o", "gpt-4ö", "ｇｐｔ", "gpt\u{0}", String(repeating: "x", count: 65)] {
            #expect(!InferenceRoute.validDeploymentName(name), "\(name)")
        }
    }

    @Test("deployment names compare without regard to ASCII case, and only ASCII case")
    func deploymentNames() {
        #expect(DeploymentName.same("GPT-4o", "gpt-4O"))
        #expect(DeploymentName.same("a_b.c-1", "A_B.C-1"))
        #expect(!DeploymentName.same("gpt-4o", "gpt-4o-mini"))
        #expect(!DeploymentName.same("gpt-4o", "gpt-4p"))
        // `@` and `` ` `` sit next to the letters in ASCII; folding must not reach them.
        #expect(!DeploymentName.same("@", "`"))
        #expect(!DeploymentName.same("[", "{"))
        #expect(DeploymentName.same("ä", "ä"))
        #expect(!DeploymentName.same("Ä", "ä"))
    }
}
