#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore

extension ByteBuffer {
    /// Whether the readable bytes contain `needle` (not empty), found with the C library's `memchr` and `memcmp`: the
    /// body checks that run on every request were a generic `firstRange(of:)` over a collection view, byte by byte
    /// through protocol witnesses.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        precondition(!needle.isEmpty, "an empty needle is in every buffer")
        return withUnsafeReadableBytes { haystack in
            needle.withUnsafeBytes { needle in
                guard let base = haystack.baseAddress, let first = needle.first, haystack.count >= needle.count else { return false }
                let last = haystack.count - needle.count  // the last offset a match can start at
                var offset = 0
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let start = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(base + start, needle.baseAddress!, needle.count) == 0 { return true }
                    offset = start + 1
                }
                return false
            }
        }
    }
}
