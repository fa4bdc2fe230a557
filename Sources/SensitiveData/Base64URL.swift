public import Foundation

/// Base64 or base64url, padded or not: what embedded payloads and JWT parts are written in.
public enum Base64URL {
    /// The decoded bytes, or nil when `run` is not base64 or base64url.
    public static func decode(_ run: ArraySlice<UInt8>) -> Data? {
        var text = String(decoding: run, as: UTF8.self).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.hasSuffix("=") { text.removeLast() }
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }
}
