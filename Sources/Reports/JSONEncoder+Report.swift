public import Foundation

extension JSONEncoder {
    /// How every Bulwark JSON document is written: indented, keys sorted (stable diffs), slashes unescaped.
    public static var report: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
