import Foundation

/// A token's lower-cased text packed into two machine words, so that the stance analysis
/// compares tokens with its closed word lists without building a `String` or hashing one.
///
/// Texts of up to 15 UTF-8 bytes are packed exactly (bytes, then the length in the top byte);
/// a longer text keeps only its last 8 bytes and the marker 0xFF, so it equals no shorter text
/// (the word lists hold nothing longer). ``isLyAdverb`` is computed from the whole text.
struct WordKey: Equatable, ExpressibleByStringLiteral {
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0
    /// Whether the text ends in "ly" and has more than four characters (a guess at an adverb).
    private(set) var isLyAdverb = false

    /// The key of `bytes`, which must already be the lower-cased text.
    init(lowercased bytes: UnsafeBufferPointer<UInt8>, characterCount: Int) {
        let count = bytes.count
        if count <= 15 {
            for k in 0..<count {
                if k < 8 {
                    low |= UInt64(bytes[k]) &<< UInt64(8 * k)
                } else {
                    high |= UInt64(bytes[k]) &<< UInt64(8 * (k - 8))
                }
            }
            high |= UInt64(count) &<< 56
        } else {
            for k in 0..<8 { low |= UInt64(bytes[count - 8 + k]) &<< UInt64(8 * k) }
            high = 0xFF &<< 56
        }
        isLyAdverb =
            count >= 2 && bytes[count - 2] == UInt8(ascii: "l") && bytes[count - 1] == UInt8(ascii: "y")
            && characterCount > 4
    }

    /// The key of an already lower-cased string, packed in NFC, so that keys are equal exactly
    /// when the strings are (Swift compares strings by canonical equivalence: U+037E GREEK
    /// QUESTION MARK equals ";").
    init(_ text: String) {
        var text = text.precomposedStringWithCanonicalMapping
        let characters = text.count
        self = text.withUTF8 { WordKey(lowercased: $0, characterCount: characters) }
        // Suffixes compare characters: "ly" then a combining mark does not end in "ly".
        isLyAdverb = text.hasSuffix("ly") && characters > 4
    }

    /// The key of ASCII `bytes` lower-cased (A–Z only), or `nil` when a byte is not ASCII.
    /// - Complexity: O(length), no allocation.
    @inline(__always)
    init?(asciiLowercasing bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var last2: UInt16 = 0
        for k in 0..<count {
            var byte = bytes[k]
            if byte >= 0x80 { return nil }
            if byte &- 0x41 < 26 { byte |= 0x20 }
            last2 = last2 &<< 8 | UInt16(byte)
            if count <= 15 {
                if k < 8 {
                    low |= UInt64(byte) &<< UInt64(8 * k)
                } else {
                    high |= UInt64(byte) &<< UInt64(8 * (k - 8))
                }
            } else if k >= count - 8 {
                low |= UInt64(byte) &<< UInt64(8 * (k - (count - 8)))
            }
        }
        high |= count <= 15 ? UInt64(count) &<< 56 : 0xFF &<< 56
        isLyAdverb = count > 4 && last2 == UInt16(UInt8(ascii: "l")) << 8 | UInt16(UInt8(ascii: "y"))
    }

    /// The key of the ASCII text `bytes[start..<end]` lower-cased (A–Z only), or `nil` when a
    /// byte is not ASCII. A text of at most 8 bytes with 8 bytes of the buffer from its start (any
    /// word but the last few of a text) is read in one 64-bit load and lower-cased 8 bytes at a
    /// time: about 20 instructions, where ``init(asciiLowercasing:)`` costs about 25 a byte.
    @inline(__always)
    init?(asciiLowercasing bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        let count = end - start
        guard count <= 8 && start + 8 <= bytes.count else {
            self.init(asciiLowercasing: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return
        }
        let loaded = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
        let text = UInt64(littleEndian: loaded) & (UInt64.max >> UInt64(64 - 8 * count))
        let highBits: UInt64 = 0x8080_8080_8080_8080
        if text & highBits != 0 { return nil }
        // Every byte is below 0x80, so adding 0x3F (0x80 - "A") or 0x25 (0x80 - "[") carries into
        // no other byte: a byte's top bit then tells whether it is at least "A", or past "Z".
        let ones: UInt64 = 0x0101_0101_0101_0101
        let upperCase = (text &+ ones &* 0x3F) & ~(text &+ ones &* 0x25) & highBits
        let lowered = text | upperCase >> 2
        self.init(
            low: lowered, high: UInt64(count) &<< 56,
            isLyAdverb: count > 4 && (lowered >> UInt64(8 * (count - 2))) & 0xFFFF == 0x796C)  // "ly"
    }

    private init(low: UInt64, high: UInt64, isLyAdverb: Bool) {
        self.low = low
        self.high = high
        self.isLyAdverb = isLyAdverb
    }

    /// A literal's key; literals are lower-case ASCII (a literal with another byte stops the
    /// program). Built by the byte path alone, so that the compiler folds a literal to its two
    /// words: a `static let` of one is a constant, read with no lazy initializer (`swift_once`).
    init(stringLiteral value: StaticString) {
        self = value.withUTF8Buffer { WordKey(asciiLowercasing: $0) }!
    }

    /// A cheap hash for ``WordSet``'s table.
    var hash: UInt64 { (low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xD6E8_FEB8_6659_FD93 }
}

/// A small, fixed set of ``WordKey``s: an open-addressing table at most a quarter full, so that
/// a look-up is a multiply and one or two comparisons.
struct WordSet: ExpressibleByArrayLiteral, Sendable {
    private let slots: [WordKey?]
    private let shift: UInt64

    init(arrayLiteral words: String...) {
        // Built once per list, so the exact `String` path is fine here.
        var bits: UInt64 = 4
        while (1 << bits) < 4 * words.count { bits += 1 }
        var slots = [WordKey?](repeating: nil, count: 1 << bits)
        let shift = 64 - bits
        for word in words {
            let key = WordKey(word)
            var slot = Int(key.hash >> shift)
            while let present = slots[slot], present != key { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = key
        }
        self.slots = slots
        self.shift = shift
    }

    func contains(_ key: WordKey) -> Bool {
        var slot = Int(key.hash >> shift)
        while let present = slots[slot] {
            if present == key { return true }
            slot = (slot + 1) & (slots.count - 1)
        }
        return false
    }
}

/// The literals the stance analysis compares tokens with, built once.
extension WordKey {
    static let comma: WordKey = ","
    static let colon: WordKey = ":"
    static let semicolon: WordKey = ";"
    static let apostrophe: WordKey = "'"
    static let that: WordKey = "that"
    static let according: WordKey = "according"
    static let by: WordKey = "by"
    static let s: WordKey = "s"
    static let it: WordKey = "it"
    static let them: WordKey = "them"
    static let this: WordKey = "this"
    static let not: WordKey = "not"
    static let never: WordKey = "never"
}
