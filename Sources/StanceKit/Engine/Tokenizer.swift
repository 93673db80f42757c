/// A token of a text: a run of word characters, or one punctuation or symbol character.
///
/// Offsets are UTF-8 bytes. Whitespace never forms a token; `spaceBefore` records whether any
/// whitespace separates the token from the previous one, so that "U.S." (four tokens, no space)
/// and "U. S." differ.
struct Token: Sendable {
    var start: Int32
    var end: Int32
    var spaceBefore: Bool
    var isWord: Bool
    /// Whether the whitespace before the token holds a line break.
    var lineBreakBefore: Bool = false
}

/// Splits UTF-8 bytes into ``Token``s in one pass.
///
/// Word characters are ASCII letters and digits and every non-ASCII letter, mark or digit.
/// Every other non-space scalar is a token of its own. Apostrophes, quotes and hyphens in their
/// typographic forms share a key with their ASCII forms (see ``canonicalPunctuation(_:)``).
enum Tokenizer {
    /// The class of an ASCII byte: 0 = other (punctuation), 1 = word, 2 = space.
    @inline(__always)
    static func asciiClassOf(_ byte: UInt8) -> UInt8 {
        let lower = byte | 0x20
        if (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { return 1 }
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 2 }
        return 0
    }

    /// The class of a non-ASCII scalar: 1 = word, 2 = space, 0 = punctuation or symbol.
    @inline(never)
    static func classOf(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return 2
        case 0x2010, 0x2011, 0x2018, 0x2019, 0x201C, 0x201D, 0x02BC: return 0
        default: break
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return 1
        case .format:
            return 2
        default:
            return 0
        }
    }

    /// Decodes the scalar starting at `i` (the bytes are valid UTF-8) and returns it with its width.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        if b0 < 0xE0 {
            let value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 2)
        }
        if b0 < 0xF0 {
            let value = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 3)
        }
        let value =
            (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", 4)
    }

    /// The ASCII stand-in of a typographic apostrophe, quote or hyphen, or `nil`.
    static func canonicalPunctuation(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x2018, 0x2019, 0x02BC: return UInt8(ascii: "'")
        case 0x201C, 0x201D: return UInt8(ascii: "\"")
        case 0x2010, 0x2011: return UInt8(ascii: "-")
        default: return nil
        }
    }

    /// Tokenizes valid UTF-8 bytes.
    /// - Complexity: O(n); ASCII bytes cost one table look-up each.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        tokens.reserveCapacity(bytes.count / 4)
        let count = bytes.count
        var i = 0
        var sawSpace = false
        var sawLineBreak = false
        var wordStart = -1
        while i < count {
            let byte = bytes[i]
            let cls: UInt8
            let width: Int
            if byte < 0x80 {
                cls = asciiClassOf(byte)
                width = 1
                // A run of ASCII word characters is the common case: take it at once.
                if cls == 1 {
                    if wordStart < 0 { wordStart = i }
                    var j = i + 1
                    while j < count && bytes[j] < 0x80 && asciiClassOf(bytes[j]) == 1 { j += 1 }
                    i = j
                    continue
                }
            } else {
                let (scalar, w) = decode(bytes, at: i)
                cls = classOf(scalar)
                width = w
            }
            if cls == 1 {
                if wordStart < 0 { wordStart = i }
            } else {
                if wordStart >= 0 {
                    tokens.append(
                        Token(
                            start: Int32(wordStart), end: Int32(i), spaceBefore: sawSpace, isWord: true,
                            lineBreakBefore: sawLineBreak))
                    wordStart = -1
                    sawSpace = false
                    sawLineBreak = false
                }
                if cls == 2 {
                    sawSpace = true
                    if byte == 0x0A || byte == 0x0D { sawLineBreak = true }
                } else {
                    tokens.append(
                        Token(
                            start: Int32(i), end: Int32(i + width), spaceBefore: sawSpace, isWord: false,
                            lineBreakBefore: sawLineBreak))
                    sawSpace = false
                    sawLineBreak = false
                }
            }
            i += width
        }
        if wordStart >= 0 {
            tokens.append(
                Token(
                    start: Int32(wordStart), end: Int32(count), spaceBefore: sawSpace, isWord: true,
                    lineBreakBefore: sawLineBreak))
        }
    }

    /// Tokenizes a string (used for rule surface forms).
    static func tokenize(_ text: String) -> (bytes: [UInt8], tokens: [Token]) {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        bytes.withUnsafeBufferPointer { tokenize($0, into: &tokens) }
        return (bytes, tokens)
    }
}
