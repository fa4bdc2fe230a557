import BPE
import Foundation

// Release builds only: swift build -c release --product TokenizerBenchmark && .build/release/TokenizerBenchmark
// Prints MB/s of `count` (the gateway's use) for both encodings on about 1 MB of English-heavy mixed text and of CJK.

let english = """
    The gateway counts every prompt before it forwards it, so that limits hold to the token. Azure OpenAI bills by \
    tokens, and a deployment's quota is measured in tokens per minute; it's the number that matters, and we'd rather \
    count it exactly than estimate it from characters. Isn't that what you'd expect? Numbers like 1,234,567 and \
    3.14159, dates like 2026-12-07, and identifiers like HTTPServerConfiguration or snake_case_names all appear.

    """
let code = """
    func route(_ request: Request) async throws -> Response {
        guard let key = request.headers["api-key"], !key.isEmpty else { throw GatewayError.unauthorized }
        let tokens = try encoding.count(request.body.prompt)  // 42 tokens on average
        return try await forward(request, budget: limit - tokens)
    }

    """
let other = "Grüße aus Zürich — naïve façade. Привет, мир! مرحبا بالعالم. 😀👍🏽 नमस्ते दुनिया।\n"
let cjk = "中文分词测试，这是一个用于衡量吞吐量的句子。日本語のテキストも含まれています。한국어 문장도 있습니다。\n"

func repeated(_ parts: [String], toBytes target: Int) -> String {
    var text = ""
    var index = 0
    while text.utf8.count < target {
        text += parts[index % parts.count]
        index += 1
    }
    return text
}

let mixed = repeated([english, english, code, english, other], toBytes: 1 << 20)
let asian = repeated([cjk], toBytes: 1 << 20)

for name in EncodingName.allCases {
    let loadStart = ContinuousClock.now
    let encoding = try BPEEncoding.named(name)
    let loadTime = ContinuousClock.now - loadStart
    print("\(name.rawValue): loaded in \(loadTime.formatted(.units(allowed: [.milliseconds])))")
    for (label, text) in [("mixed", mixed), ("CJK", asian)] {
        var best = Duration.seconds(1_000)
        var tokens = 0
        for _ in 0..<7 {
            let start = ContinuousClock.now
            tokens = encoding.count(text)
            best = min(best, ContinuousClock.now - start)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        let megabytes = Double(text.utf8.count) / 1_048_576
        let figures = String(format: "%7.2f MB in %6.1f ms: %7.1f MB/s, %d tokens", megabytes, seconds * 1000, megabytes / seconds, tokens)
        print("  " + label.padding(toLength: 6, withPad: " ", startingAt: 0) + figures)
    }
}
