import AccessPolicy
import Foundation
import GatewayConfig

/// The client's address: the peer's, unless the peer is a trusted proxy, in which case the nearest address in
/// `X-Forwarded-For` that is not itself a trusted proxy (read right to left, as each proxy appends).
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: [IPNetwork]) -> String? {
        guard let peer, !trustedProxies.isEmpty, trustedProxies.containsAddress(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var nearest = peer
        for hop in hops.reversed() {
            guard IPNetwork.parseAddress(hop) != nil else { return nearest }  // garbage: stop at what is known
            nearest = hop
            if !trustedProxies.containsAddress(hop) { return hop }
        }
        return nearest
    }
}
