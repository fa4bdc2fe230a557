import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresStore
import Testing

@Suite(
    "Gateway ownership with a PostgreSQL key store",
    .enabled(if: postgresTestURL != nil, "BULWARK_POSTGRES_URL is not set (Scripts/postgres-for-tests.sh start)"))
struct PostgresOwnershipGatewayTests {
    @Test(
        "a response created through one gateway is its creator's in PostgreSQL: another gateway serves it only to them and their next key")
    func sharedOwnership() async throws {
        try await PostgresGatewayFixture.run { opened, configuration, environment in
            let owner = try await opened.store.create(
                name: "a", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil, now: Date())
            let other = try await opened.store.create(
                name: "b", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil, now: Date())
            func gateway() -> Application<RouterResponder<GatewayRequestContext>> {
                let gateway = GatewayApplication(
                    configuration: configuration, keyStore: opened.store, httpClient: .shared, environment: environment)
                return Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            }
            let id = try await gateway().test(.live) { client in
                let created = try await client.execute(
                    uri: "/openai/v1/responses", method: .post, headers: [HTTPField.Name("api-key")!: owner.secret],
                    body: ByteBuffer(string: #"{"model":"gpt-4o","input":"hi"}"#))
                #expect(created.status == .ok)
                return try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any])?["id"] as? String)
            }
            try await gateway().test(.live) { client in
                let mine = try await client.execute(
                    uri: "/openai/v1/responses/\(id)", method: .get, headers: [HTTPField.Name("api-key")!: owner.secret])
                #expect(mine.status == .ok)
                let theirs = try await client.execute(
                    uri: "/openai/v1/responses/\(id)", method: .get, headers: [HTTPField.Name("api-key")!: other.secret])
                #expect(theirs.status == .notFound)
            }
            // Rotation keeps the lineage, and with it the response.
            let rotated = try #require(try await opened.store.rotate(prefix: owner.record.prefix, grace: 60, now: Date()))
            try await gateway().test(.live) { client in
                let mine = try await client.execute(
                    uri: "/openai/v1/responses/\(id)", method: .get, headers: [HTTPField.Name("api-key")!: rotated.secret])
                #expect(mine.status == .ok)
            }
        }
    }
}
