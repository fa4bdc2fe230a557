import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Usage that is not counted in tokens: how many images a call asks for and their size (from its body: JSON, or the
/// form of an edit), and the seconds of audio a transcription or translation reports (`usage.seconds`, or the verbose
/// answer's `duration`), read from the answer as it is relayed.
enum MediaUsage {
    /// `n` (1 when absent) and `size` (`auto` when absent) of an image call's JSON body (an edit's form fields are
    /// read by `MediaAccounting`).
    static func images(body: ByteBuffer) -> (count: Int, size: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        return ((object?["n"] as? NSNumber)?.intValue ?? 1, object?["size"] as? String ?? "auto")
    }

    /// Reads the seconds an audio answer reports from its first ``limit`` bytes, as they are relayed.
    final class AudioMeter: Sendable {
        static let limit = 256 * 1024
        private let seen = Mutex(ByteBuffer())

        /// Notes a chunk of the answer as it is read from the upstream (before the exchange is recorded, which the
        /// last chunk of an answer with a length waits for).
        func note(_ chunk: ByteBuffer) {
            seen.withLock { buffer in
                if buffer.readableBytes + chunk.readableBytes <= Self.limit { buffer.writeImmutableBuffer(chunk) }
            }
        }

        /// The seconds the answer reported, if it is JSON that says.
        func seconds() -> Double? {
            let text = seen.withLock { String(buffer: $0) }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
            if let usage = object["usage"] as? [String: Any], usage["type"] as? String == "duration" {
                return (usage["seconds"] as? NSNumber)?.doubleValue
            }
            return (object["duration"] as? NSNumber)?.doubleValue
        }
    }
}
