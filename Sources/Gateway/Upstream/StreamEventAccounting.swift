import BPE
import Foundation
import NIOCore
import TokenAccounting

/// What the relay does with each whole stream event for the limits: keeps from the client the usage event the
/// gateway asked for on its behalf, and counts the generated tokens of the events relayed, for a stream that ends
/// without usage.
struct StreamEventAccounting {
    /// True when the gateway added `stream_options.include_usage`.
    let strippingUsage: Bool
    /// Present when a token or spend limit applies.
    private(set) var counter: DeltaTokenCounter?

    init(strippingUsage: Bool, encoding: BPEEncoding?) {
        self.strippingUsage = strippingUsage
        counter = encoding.map(DeltaTokenCounter.init(encoding:))
    }

    var isActive: Bool { strippingUsage || counter != nil }

    /// Whether `event` goes to the client; its deltas are counted when it does.
    mutating func relays(_ event: ByteBuffer) -> Bool {
        guard isActive else { return true }
        let mayBeUsage = strippingUsage && event.containsBytes(Self.usageKey)
        guard mayBeUsage || counter != nil else { return true }
        let payloads = StreamingCompletionFilter.payloads(event)
        let relayed = !(mayBeUsage && payloads.contains(where: StreamUsage.isUsageEvent))
        if relayed { for payload in payloads { counter?.add(payload) } }
        return relayed
    }

    /// Completion tokens counted so far, when counting.
    var countedTokens: Int64? { counter?.tokens }

    /// The key, not `"usage":{`: an upstream may write a space after the colon.
    private static let usageKey = Array(#""usage""#.utf8)
}
