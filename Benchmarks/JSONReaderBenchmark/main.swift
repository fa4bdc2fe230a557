import Foundation
import LocatedJSON

// Measures the positioned JSON reader's throughput on one file: `swift run -c release JSONReaderBenchmark FILE [ROUNDS]`.
// Prints the median, best and worst MB/s over the rounds (1 MB = 10^6 bytes), after one warm-up round.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: JSONReaderBenchmark FILE [ROUNDS]\n".utf8))
    exit(2)
}
guard let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("JSONReaderBenchmark: cannot read \(arguments[1])\n".utf8))
    exit(2)
}
let rounds = arguments.count >= 3 ? max(Int(arguments[2]) ?? 50, 1) : 50
let bytes = [UInt8](data)
let reader = JSONReader()
let clock = ContinuousClock()

func parseOnce() -> Duration {
    clock.measure {
        do {
            let root = try reader.read(bytes)
            precondition(root.members != nil || root.elements != nil)
        } catch {
            FileHandle.standardError.write(Data("JSONReaderBenchmark: \(arguments[1]):\(error)\n".utf8))
            exit(1)
        }
    }
}

_ = parseOnce()
var rates: [Double] = []
for _ in 0..<rounds {
    let elapsed = parseOnce()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    rates.append(Double(bytes.count) / 1e6 / seconds)
}
rates.sort()
let median = rates[rates.count / 2]
print(
    String(
        format: "%@: %.2f MB, %d rounds: median %.0f MB/s (best %.0f, worst %.0f)",
        (arguments[1] as NSString).lastPathComponent, Double(bytes.count) / 1e6, rounds, median, rates.last!, rates.first!))
