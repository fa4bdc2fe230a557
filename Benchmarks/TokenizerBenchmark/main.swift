import BPE
import Foundation

// Release builds only: swift build -c release --product TokenizerBenchmark && .build/release/TokenizerBenchmark
// Prints MB/s (10^6 bytes) of `count` (the gateway's use) for both encodings on 1 MiB of English-heavy mixed text and
// of CJK (and one 1 MiB letter run, the merge's worst shape), median and best of 9 runs after a warm-up. `--write-texts DIR` also writes the two texts there, so that a
// reference tokenizer can count them too.

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
// The worst shape for the merge: one piece of 1 MiB (a letter run), which takes the heap merge.
let onePiece = String(repeating: "ab", count: 1 << 19)

if let flag = CommandLine.arguments.firstIndex(of: "--write-texts"), flag + 1 < CommandLine.arguments.count {
    let folder = URL(fileURLWithPath: CommandLine.arguments[flag + 1])
    try Data(mixed.utf8).write(to: folder.appendingPathComponent("mixed.txt"))
    try Data(asian.utf8).write(to: folder.appendingPathComponent("cjk.txt"))
}

for name in EncodingName.allCases {
    let loadStart = ContinuousClock.now
    let encoding = try BPEEncoding.named(name)
    let loadTime = ContinuousClock.now - loadStart
    print("\(name.rawValue): loaded in \(loadTime.formatted(.units(allowed: [.milliseconds])))")
    for (label, text) in [("mixed", mixed), ("CJK", asian), ("1piece", onePiece)] {
        var tokens = encoding.count(text)  // warm-up
        var times: [Double] = []
        for _ in 0..<9 {
            let start = ContinuousClock.now
            tokens = encoding.count(text)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        times.sort()
        let megabytes = Double(text.utf8.count) / 1e6
        let figures = String(
            format: "%5.2f MB: median %6.1f ms, %6.1f MB/s (best %6.1f MB/s), %d tokens", megabytes, times[4] * 1000,
            megabytes / times[4], megabytes / times[0], tokens)
        print("  " + label.padding(toLength: 6, withPad: " ", startingAt: 0) + figures)
    }
}
