import BicepSyntax
import Foundation

// Measures the Bicep parser on every `.bicep` and `.bicepparam` file under a folder:
// `swift run -c release BicepSyntaxBenchmark DIR [ROUNDS]`. Each round parses all files once; prints the median,
// best and worst time per round and the median MB/s (1 MB = 10^6 bytes), after one warm-up round.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: BicepSyntaxBenchmark DIR [ROUNDS]\n".utf8))
    exit(2)
}
let rounds = arguments.count >= 3 ? max(Int(arguments[2]) ?? 20, 1) : 20
let root = URL(fileURLWithPath: arguments[1])
var found: [(path: String, bytes: [UInt8])] = []
if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
    for case let url as URL in walker where url.pathExtension == "bicep" || url.pathExtension == "bicepparam" {
        if let data = FileManager.default.contents(atPath: url.path) { found.append((url.path, [UInt8](data))) }
    }
}
let sources = found
guard !sources.isEmpty else {
    FileHandle.standardError.write(Data("BicepSyntaxBenchmark: no .bicep files under \(root.path)\n".utf8))
    exit(2)
}
let totalBytes = sources.reduce(0) { $0 + $1.bytes.count }
let clock = ContinuousClock()

func parseAll(_ sources: [(path: String, bytes: [UInt8])]) -> (Duration, failed: Int) {
    var failed = 0
    let elapsed = clock.measure {
        for source in sources where SyntaxTree(parsing: source.bytes, file: source.path).hasErrors {
            failed += 1
        }
    }
    return (elapsed, failed)
}

let (_, failed) = parseAll(sources)
var times: [Double] = []
for _ in 0..<rounds {
    let elapsed = parseAll(sources).0
    times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
times.sort()
let median = times[times.count / 2]
print(
    "\(sources.count) files, \(totalBytes) bytes, \(failed) with syntax errors; per round over \(rounds) rounds: median "
        + String(
            format: "%.2f ms, best %.2f ms, worst %.2f ms; %.1f MB/s", median * 1e3, times[0] * 1e3, times[times.count - 1] * 1e3,
            Double(totalBytes) / 1e6 / median))
