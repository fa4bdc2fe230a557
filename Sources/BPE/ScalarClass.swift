/// What the two split patterns ask of a Unicode scalar, as bit flags (one byte per scalar).
///
/// `\s` is Rust regex's `\p{White_Space}` (tiktoken's regex engine), `\p{L}` and `\p{N}` are general categories;
/// o200k_base's "upper" class is `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` and its "lower" class `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
/// Categories come from the Swift standard library's Unicode tables, so scalars assigned after the reference's
/// Unicode version may split differently from an older tiktoken build.
enum ScalarClass {
    static let letter: UInt8 = 1  // \p{L}
    static let upper: UInt8 = 2  // o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    static let lower: UInt8 = 4  // o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    static let number: UInt8 = 8  // \p{N}
    static let whitespace: UInt8 = 16  // \s
    static let newline: UInt8 = 32  // [\r\n]

    /// Scalars below this have their class in `table`; above it, they are classified on demand.
    static let tableLimit: UInt32 = 0x2_0000

    /// The class of every scalar below `tableLimit` (the BMP and the SMP, so emoji and most scripts), built once.
    static let table: [UInt8] = (0..<tableLimit).map { value in
        Unicode.Scalar(value).map(classify) ?? 0
    }

    @inline(__always)
    static func of(_ value: UInt32) -> UInt8 {
        value < tableLimit ? table.withUnsafeBufferPointer { $0[Int(value)] } : Unicode.Scalar(value).map(classify) ?? 0
    }

    static func classify(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x0A, 0x0D: return whitespace | newline
        case 0x09, 0x0B, 0x0C, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return whitespace
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return letter | upper
        case .lowercaseLetter: return letter | lower
        case .modifierLetter, .otherLetter: return letter | upper | lower
        case .nonspacingMark, .spacingMark, .enclosingMark: return upper | lower
        case .decimalNumber, .letterNumber, .otherNumber: return number
        default: return 0
        }
    }

    /// The letter a scalar case-folds to when that is one of the contraction letters `s t m d l v r e`, else 0.
    /// (Simple case folding: ASCII letters, and U+017F LATIN SMALL LETTER LONG S, which folds to `s`.)
    @inline(__always)
    static func contractionFold(_ value: UInt32) -> UInt8 {
        switch value {
        case 0x41...0x5A: return UInt8(value) | 0x20
        case 0x61...0x7A: return UInt8(value)
        case 0x17F: return UInt8(ascii: "s")
        default: return 0
        }
    }
}
