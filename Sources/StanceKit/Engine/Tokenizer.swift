/// A token of a text: a run of word characters, or one punctuation or symbol character.
///
/// Offsets are UTF-8 bytes. Whitespace never forms a token; `spaceBefore` records whether any
/// whitespace separates the token from the previous one, so that "U.S." (four tokens, no space)
/// and "U. S." differ.
struct Token: Sendable {
    var start: Int32
    var end: Int32
    /// The token's id in the rules' vocabulary, or -1 when no rule uses it (or none was given).
    var id: Int32
    /// ``isWord`` and what the whitespace before the token holds, as bits.
    var flags: UInt8

    static let wordFlag: UInt8 = 1
    static let spaceFlag: UInt8 = 2
    static let lineBreakFlag: UInt8 = 4
    static let blankLineFlag: UInt8 = 8

    /// Whether the token is a run of word characters (else one punctuation or symbol character).
    var isWord: Bool { flags & Token.wordFlag != 0 }
    /// Whether whitespace separates the token from the previous one.
    var spaceBefore: Bool { flags & Token.spaceFlag != 0 }
    /// Whether the whitespace before the token holds a line break (LF or CR).
    var lineBreakBefore: Bool { flags & Token.lineBreakFlag != 0 }
    /// Whether the whitespace before the token holds a blank line: two LFs with only spaces,
    /// tabs and CRs between them.
    var blankLineBefore: Bool { flags & Token.blankLineFlag != 0 }
}

/// Tokens in memory the list owns (a ``RawVector`` freed in `deinit`), read through ``buffer``,
/// with the positions of the tokens that have a vocabulary id (``known``): the only tokens a
/// rule can start at, so that matching visits them instead of every token.
final class TokenList {
    private let tokens: RawVector<Token>
    private let knownPositions: RawVector<Int32>

    /// Takes over the vectors (and frees them in `deinit`).
    init(tokens: RawVector<Token>, known: RawVector<Int32>) {
        self.tokens = tokens
        knownPositions = known
    }

    deinit {
        tokens.free()
        knownPositions.free()
    }

    var buffer: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: tokens.base, count: tokens.count) }

    /// The indices, in ``buffer``, of the tokens whose ``Token/id`` is not -1, ascending.
    var known: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: knownPositions.base, count: knownPositions.count)
    }
}

/// Splits UTF-8 bytes into ``Token``s in one pass, looking each token up in a vocabulary as it goes.
///
/// Word characters are ASCII letters and digits and every non-ASCII letter, mark or digit.
/// Every other non-space scalar is a token of its own. Apostrophes, quotes and hyphens in their
/// typographic forms share a key with their ASCII forms (see ``canonicalPunctuation(_:)``).
enum Tokenizer {
    /// ASCII word characters (digits; upper- and lower-case letters) as bit sets over 0..<64 and 64..<128.
    static let wordLow: UInt64 = 0x03FF_0000_0000_0000
    static let wordHigh: UInt64 = 0x07FF_FFFE_07FF_FFFE
    /// ASCII whitespace: tab, LF, VT, FF, CR and space.
    static let spaceLow: UInt64 = 0x0000_0001_0000_3E00

    /// Whether an ASCII byte (below 0x80) is a word character.
    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        let set = byte < 64 ? wordLow : wordHigh
        return (set >> UInt64(byte & 63)) & 1 != 0
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

    /// The end of the word that goes on at `start`: ASCII word bytes cost a bit test each.
    @inline(never)
    static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var i = start
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                guard isASCIIWord(byte) else { break }
                i += 1
            } else {
                let (scalar, width) = decode(bytes, at: i)
                guard classOf(scalar) == 1 else { break }
                i += width
            }
        }
        return i
    }

    /// The high bit of every byte of `word` that is not an ASCII word character (non-ASCII
    /// bytes included), all others clear: eight bytes classified in about fifteen instructions.
    @inline(__always)
    static func nonWordBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        // Seven-bit values: adding a constant of at most 0x80 carries into no other byte.
        let low7 = word & ~high
        let isDigit = (low7 &+ ones &* (0x80 - 0x30)) & ~(low7 &+ ones &* (0x7F - 0x39))
        let folded = low7 | ones &* 0x20
        let isLetter = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x7F - 0x7A))
        return ~((isDigit | isLetter) & ~word) & high
    }

    /// The end of the word whose first byte, an ASCII word character, is at `start`, and the
    /// word's first eight bytes as ``VocabularyTable/load(_:_:_:)`` gives them.
    ///
    /// Reads eight bytes at a time where eight are readable; a non-ASCII byte hands over to
    /// ``wordEnd(_:from:)`` at that byte.
    @inline(__always)
    static func asciiWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, key: UInt64) {
        let count = bytes.count
        guard start + 8 <= count else {
            let end = wordEnd(bytes, from: start + 1)
            return (end, VocabularyTable.load(bytes, start, min(end - start, 8)))
        }
        let first = UInt64(littleEndian: WordScan.word(bytes, at: start))
        let stop = nonWordBytes(first)
        if stop != 0 {
            let end = start + stop.trailingZeroBitCount >> 3
            if bytes[end] < 0x80 { return (end, first & ((1 &<< UInt64((end &- start) &* 8)) &- 1)) }
            let longer = wordEnd(bytes, from: end)
            return (longer, VocabularyTable.load(bytes, start, min(longer - start, 8)))
        }
        var i = start + 8
        while i + 8 <= count {
            let stop = nonWordBytes(UInt64(littleEndian: WordScan.word(bytes, at: i)))
            if stop != 0 {
                i += stop.trailingZeroBitCount >> 3
                return (bytes[i] < 0x80 ? i : wordEnd(bytes, from: i), first)
            }
            i += 8
        }
        return (wordEnd(bytes, from: i), first)
    }

    /// Tokenizes valid UTF-8 bytes and, given a vocabulary, sets each token's ``Token/id``.
    ///
    /// Each token costs one probe of the vocabulary, its key hashed 8 bytes at a time.
    /// - Complexity: O(n); ASCII words are classified eight bytes at a time.
    /// - Precondition: fewer than 2³¹ bytes (offsets are 32-bit).
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary? = nil) -> TokenList {
        let count = bytes.count
        precondition(count < Int(Int32.max), "a document must be under 2 GB")
        // Local vectors, whose counts stay in registers; the list takes them over at the end.
        var tokens = RawVector<Token>(capacity: count / 4)
        var known = RawVector<Int32>()
        let probe = vocabulary.map(VocabularyProbe.init)
        var i = 0
        /// The flags of the whitespace since the last token.
        var pending: UInt8 = 0
        /// Whether an LF was seen since the last byte other than space, tab or CR.
        var pendingLF = false
        while i < count {
            let byte = bytes[i]
            let end: Int
            var id: Int32 = -1
            var flags = pending
            if byte == 0x20 {
                pending |= Token.spaceFlag
                i += 1
                continue
            }
            if byte < 0x80 {
                if isASCIIWord(byte) {
                    let key: UInt64
                    (end, key) = asciiWordEnd(bytes, from: i)
                    if let probe { id = probe.id(of: bytes, i, end, key: key) }
                    flags |= Token.wordFlag
                } else if byte < 64 && (spaceLow >> UInt64(byte)) & 1 != 0 {
                    pending |= Token.spaceFlag
                    if byte == 0x0A {
                        pending |= pendingLF ? Token.lineBreakFlag | Token.blankLineFlag : Token.lineBreakFlag
                        pendingLF = true
                    } else if byte == 0x0D {
                        pending |= Token.lineBreakFlag
                    } else if byte != 0x09 {
                        pendingLF = false
                    }
                    i += 1
                    continue
                } else {
                    end = i + 1
                    if let probe { id = probe.id(ofASCII: byte) }
                }
            } else {
                let (scalar, width) = decode(bytes, at: i)
                switch classOf(scalar) {
                case 1:
                    end = wordEnd(bytes, from: i + width)
                    if let probe { id = probe.id(of: bytes, i, end) }
                    flags |= Token.wordFlag
                case 2:
                    pending |= Token.spaceFlag
                    pendingLF = false
                    i += width
                    continue
                default:
                    end = i + width
                    if let probe {
                        if let ascii = canonicalPunctuation(scalar) {
                            id = probe.id(ofASCII: ascii)
                        } else {
                            id = probe.id(of: bytes, i, end)
                        }
                    }
                }
            }
            if id >= 0 { known.append(Int32(truncatingIfNeeded: tokens.count)) }
            tokens.append(
                Token(start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: end), id: id, flags: flags))
            pendingLF = false
            i = end
            // The usual gap, one space, without another turn of the loop.
            if i < count && bytes[i] == 0x20 {
                pending = Token.spaceFlag
                i += 1
            } else {
                pending = 0
            }
        }
        return TokenList(tokens: tokens, known: known)
    }

    /// Tokenizes a string (used for rule surface forms).
    static func tokenize(_ text: String) -> (bytes: [UInt8], tokens: [Token]) {
        let bytes = Array(text.utf8)
        let tokens = bytes.withUnsafeBufferPointer { buffer in
            let list = tokenize(buffer)
            return withExtendedLifetime(list) { Array(list.buffer) }
        }
        return (bytes, tokens)
    }
}
