/// How deployment names compare: without regard to ASCII case, as Azure OpenAI resolves them. Azure allows only ASCII
/// letters, digits, `-`, `_` and `.` in a deployment name, and the gateway refuses any other name in a request, so
/// folding ASCII case is the whole of it; bytes outside ASCII compare as they are. Foundation's
/// `caseInsensitiveCompare`, which this replaces (on the request path, and in the configuration's checks, so both
/// agree on what names the same deployment), went through ICU collation for every pair.
public enum DeploymentName {
    /// True when `a` and `b` are the same name, ASCII case aside.
    public static func same(_ a: String, _ b: String) -> Bool {
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return true
            case (let p?, let q?) where p == q || lower(p) == lower(q): continue
            default: return false
            }
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
