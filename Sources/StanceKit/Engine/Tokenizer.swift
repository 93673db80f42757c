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
/// with the positions of the tokens a pass over the text starts at (``known``): those whose id
/// can start a rule's form, and the apostrophe and quotation mark the stance analysis looks
/// for, so that matching visits them instead of every token.
///
/// A list can be tokenized into again (``Tokenizer/tokenize(_:vocabulary:into:)``), reusing its
/// memory: an ``AnnotationWorkspace`` keeps one from document to document.
final class TokenList {
    /// Set by the tokenizer, which takes the vectors out while it fills them.
    fileprivate(set) var tokens: RawVector<Token>
    fileprivate(set) var knownPositions: RawVector<Int32>
    fileprivate(set) var breakPositions: RawVector<Int32>

    /// An empty list.
    init() {
        tokens = RawVector()
        knownPositions = RawVector()
        breakPositions = RawVector()
    }

    deinit {
        tokens.free()
        knownPositions.free()
        breakPositions.free()
    }

    var buffer: UnsafeBufferPointer<Token> { UnsafeBufferPointer(start: tokens.base, count: tokens.count) }

    /// The indices, in ``buffer``, of the tokens whose ``Token/id`` is below the vocabulary's
    /// ``Vocabulary/knownLimit`` (not -1, and for compiled rules one that starts a form or is the
    /// apostrophe or the quotation mark), ascending.
    var known: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: knownPositions.base, count: knownPositions.count)
    }

    /// The indices, in ``buffer``, of the tokens where a sentence may end or a paragraph begin:
    /// every token that is no word (punctuation, symbols) or has a blank line before it, in
    /// order, some twice (punctuation after a blank line, a token after several). The
    /// ``SentenceSplitter`` visits these and passes over the words between them.
    var breaks: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: breakPositions.base, count: breakPositions.count)
    }
}

/// How ``Tokenizer`` looks a token's key up: ``VocabularyProbe``, or ``NoVocabulary``.
protocol TokenProbe {
    /// The id of the one-byte ASCII key `byte` (below 0x80), or -1.
    func id(ofASCII byte: UInt8) -> Int32
    /// The id of the key `bytes[start..<end]`, or -1.
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32
    /// The id of the key `bytes[start..<end]` whose first eight bytes, as
    /// ``VocabularyTable/load(_:_:_:)`` gives them, are `key`; or -1.
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, key: UInt64) -> Int32
    /// The id of the key of `length` bytes (1 to 8) that `key` holds whole, or -1.
    func id(ofShort key: UInt64, length: Int) -> Int32
    /// Whether a token with this id (-1 for none) goes on ``TokenList/known``.
    func isKnown(_ id: Int32) -> Bool
}

extension VocabularyProbe: TokenProbe {}

/// The look-up of a tokenizer given no vocabulary: every id is -1, for no cost.
struct NoVocabulary: TokenProbe {
    func id(ofASCII byte: UInt8) -> Int32 { -1 }
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 { -1 }
    func id(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, key: UInt64) -> Int32 { -1 }
    func id(ofShort key: UInt64, length: Int) -> Int32 { -1 }
    func isKnown(_ id: Int32) -> Bool { false }
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

    /// Up to eight bytes from `start` as a little-endian word: one unaligned load where eight
    /// are readable, else the bytes left, zero-padded (so the text's end reads as a NUL byte,
    /// which is no word character).
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, _ count: Int, at start: Int) -> UInt64 {
        if start &+ 8 <= count {
            return UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        }
        return paddedTail(base, count, at: start)
    }

    /// The bytes from `start` to `count` (fewer than eight) as a little-endian word, zero-padded.
    @inline(never)
    static func paddedTail(_ base: UnsafePointer<UInt8>, _ count: Int, at start: Int) -> UInt64 {
        var value: UInt64 = 0
        var k = start
        while k < count {
            value |= UInt64(base[k]) << UInt64(8 * (k - start))
            k += 1
        }
        return value
    }

    /// The end of an ASCII word at `start` that its first eight bytes do not end at an ASCII
    /// byte, and the word's first eight bytes as ``VocabularyTable/load(_:_:_:)`` gives them.
    ///
    /// `first` is ``word(_:_:at:)`` at `start` and `stop` its ``nonWordBytes(_:)``: either 0 (the
    /// word goes on past eight bytes, which are readable) or the first byte it marks is
    /// non-ASCII, where ``wordEnd(_:from:)`` takes over. Goes on eight bytes at a time.
    @inline(never)
    static func longWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, first: UInt64, stop: UInt64)
        -> (end: Int, key: UInt64)
    {
        if stop != 0 {
            let end = wordEnd(bytes, from: start + stop.trailingZeroBitCount >> 3)
            return (end, VocabularyTable.load(bytes, start, min(end - start, 8)))
        }
        let count = bytes.count
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
    /// The usual token, an ASCII word shorter than eight bytes and its one following space, costs
    /// one 8-byte load (which classifies the first byte, finds the word's end and is the
    /// vocabulary key), one filter test of the vocabulary (and, for a key it lets through, the
    /// probe table's walk, inline) and the token's stores. Over Reuters' 3.1 million tokens the
    /// loop averages about 93 instructions a token with the summit rules (callgrind).
    /// Each token costs one probe of the vocabulary, its key hashed 8 bytes at a time.
    /// - Complexity: O(n); ASCII words are classified eight bytes at a time.
    /// - Precondition: fewer than 2³¹ bytes (offsets are 32-bit).
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary? = nil) -> TokenList {
        let list = TokenList()
        tokenize(bytes, vocabulary: vocabulary, into: list)
        return list
    }

    /// ``tokenize(_:vocabulary:)`` into `list`, whose tokens it replaces, reusing its memory
    /// when it has room.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary?, into list: TokenList) {
        // Two specializations of the loop, so that the one with a vocabulary never tests whether
        // it has one.
        if let vocabulary {
            tokenize(bytes, probe: VocabularyProbe(vocabulary), into: list)
        } else {
            tokenize(bytes, probe: NoVocabulary(), into: list)
        }
    }

    /// ``tokenize(_:vocabulary:into:)`` with the look-up as a type, specialized for each.
    private static func tokenize<Probe: TokenProbe>(
        _ bytes: UnsafeBufferPointer<UInt8>, probe: Probe, into list: TokenList
    ) {
        let count = bytes.count
        precondition(count < Int(Int32.max), "a document must be under 2 GB")
        // Local vectors, whose counts stay in registers; the list takes them back at the end.
        var tokens = list.tokens
        tokens.removeAll(reservingCapacity: count / 4)
        // Room for one known token in 16 bytes of text, so that most documents never grow it.
        var known = list.knownPositions
        known.removeAll(reservingCapacity: count / 16)
        // Reuters has a token that is no word every 37 bytes.
        var breaks = list.breakPositions
        breaks.removeAll(reservingCapacity: count / 16)
        defer { (list.tokens, list.knownPositions, list.breakPositions) = (tokens, known, breaks) }
        guard let base = bytes.baseAddress else { return }
        var i = 0
        /// The flags of the whitespace since the last token.
        var pending: UInt8 = 0
        /// Whether an LF was seen since the last byte other than space, tab or CR.
        var pendingLF = false
        while i < count {
            // After a blank line, the next token (or the end) begins a paragraph: a break, listed
            // again if a second blank line or punctuation follows.
            if pending & Token.blankLineFlag != 0 { breaks.append(Int32(truncatingIfNeeded: tokens.count)) }
            // Every token takes at least one byte, so the tokens that start before `stretchEnd`
            // fit in the free slots, stored at `next` with no capacity check each.
            let free = tokens.freeSlotsGrowingIfFull()
            var next = free.start
            let stretchEnd = min(count, i + free.count)
            defer { tokens.didInitialize(upTo: next) }
            while i < stretchEnd {
                let byte = base[i]
                var flags = pending
                var id: Int32 = -1
                let end: Int
                if byte > 0x20, case let first = word(base, count, at: i), case let stop = nonWordBytes(first),
                    stop & 0x80 == 0
                {
                    // An ASCII word. `last` is the bit number of the high bit of the first byte
                    // after it; the word ends there if that byte is among the eight and ASCII (the
                    // padding at the text's end is).
                    let last = stop.trailingZeroBitCount
                    if stop != 0 && (first &>> UInt64(last)) & 1 == 0 {
                        let wordEnd = i &+ last &>> 3
                        id = probe.id(ofShort: first & (stop ^ (stop &- 1)) &>> 8, length: wordEnd &- i)
                        if probe.isKnown(id) { known.append(Int32(truncatingIfNeeded: next - tokens.base)) }
                        next.initialize(
                            to: Token(
                                start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: wordEnd), id: id,
                                flags: flags | Token.wordFlag))
                        next += 1
                        pendingLF = false
                        // The usual gap, one space, read from the same load.
                        if UInt8(truncatingIfNeeded: first &>> UInt64(last &- 7)) == 0x20 {
                            pending = Token.spaceFlag
                            i = wordEnd &+ 1
                        } else {
                            pending = 0
                            i = wordEnd
                        }
                        continue
                    }
                    let key: UInt64
                    (end, key) = longWordEnd(bytes, from: i, first: first, stop: stop)
                    let length = end &- i
                    id = length <= 8 ? probe.id(ofShort: key, length: length) : probe.id(of: bytes, i, end, key: key)
                    flags |= Token.wordFlag
                } else if byte == 0x20 {
                    pending |= Token.spaceFlag
                    i &+= 1
                    continue
                } else if byte < 0x80 {
                    if byte < 64 && (spaceLow >> UInt64(byte)) & 1 != 0 {
                        pending |= Token.spaceFlag
                        if byte == 0x0A {
                            if pendingLF {
                                // A blank line: the stretch ends here, and the next one lists
                                // the token after it as a break (so that a word costs no test).
                                pending |= Token.lineBreakFlag | Token.blankLineFlag
                                i += 1
                                break
                            }
                            pending |= Token.lineBreakFlag
                            pendingLF = true
                        } else if byte == 0x0D {
                            pending |= Token.lineBreakFlag
                        } else if byte != 0x09 {
                            pendingLF = false
                        }
                        i += 1
                        continue
                    }
                    end = i + 1
                    id = probe.id(ofASCII: byte)
                } else {
                    let (scalar, width) = decode(bytes, at: i)
                    switch classOf(scalar) {
                    case 1:
                        end = wordEnd(bytes, from: i + width)
                        id = probe.id(of: bytes, i, end)
                        flags |= Token.wordFlag
                    case 2:
                        pending |= Token.spaceFlag
                        pendingLF = false
                        i += width
                        continue
                    default:
                        end = i + width
                        if let ascii = canonicalPunctuation(scalar) {
                            id = probe.id(ofASCII: ascii)
                        } else {
                            id = probe.id(of: bytes, i, end)
                        }
                    }
                }
                if probe.isKnown(id) { known.append(Int32(truncatingIfNeeded: next - tokens.base)) }
                if flags & Token.wordFlag == 0 { breaks.append(Int32(truncatingIfNeeded: next - tokens.base)) }
                next.initialize(
                    to: Token(
                        start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: end), id: id, flags: flags))
                next += 1
                pendingLF = false
                i = end
                // The usual gap, one space, without another turn of the loop.
                if i < count && base[i] == 0x20 {
                    pending = Token.spaceFlag
                    i += 1
                } else {
                    pending = 0
                }
            }
        }
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
