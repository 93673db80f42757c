import StanceKit

/// The characters XML 1.0 can carry.
public enum XMLCharacters {
    /// Whether the scalar matches XML 1.0's `Char` production: tab, LF, CR, U+0020–U+D7FF,
    /// U+E000–U+FFFD and U+10000–U+10FFFF.
    @inline(__always)
    public static func isAllowed(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// The first scalar of `text` that XML 1.0 cannot carry, with its UTF-8 byte offset.
    ///
    /// Scans bytes: in valid UTF-8 the only such scalars are the C0 controls but tab, LF and CR
    /// (one byte below 0x20) and U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`); a `String` holds no
    /// surrogates.
    /// - Complexity: O(n) in bytes: clean text is passed over sixteen bytes at a time (about
    ///   1.5 instructions a byte); a word with controls but no 0xEF is read exactly, each control
    ///   (a line feed, mostly) costing about eight instructions; only a word with 0xEF is read
    ///   byte by byte.
    public static func firstDisallowed(in text: String) -> (scalar: UInt32, byteOffset: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (scalar: UInt32, byteOffset: Int)? in
            var offset = 0
            while offset < bytes.count {
                // Sixteen clean bytes at a time (a test that may flag a clean word, never misses one).
                while offset &+ 16 <= bytes.count {
                    let first = WordScan.word(bytes, at: offset)
                    let second = WordScan.word(bytes, at: offset &+ 8)
                    let suspect =
                        WordScan.anyBelow(first, 0x20) | WordScan.anyEqual(first, 0xEF)
                        | WordScan.anyBelow(second, 0x20) | WordScan.anyEqual(second, 0xEF)
                    if suspect != 0 { break }
                    offset &+= 16
                }
                if offset + 8 <= bytes.count {
                    let word = UInt64(littleEndian: WordScan.word(bytes, at: offset))
                    // High bit of each byte below 0x20, exactly: no byte's sum carries into the next.
                    let controls =
                        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x6060_6060_6060_6060) | word)
                        & 0x8080_8080_8080_8080
                    let lead = WordScan.anyEqual(word, 0xEF)
                    if controls | lead == 0 {
                        offset += 8
                        continue
                    }
                    if lead == 0 {
                        // Controls only: each is allowed when it is tab, LF or CR (bits 9, 10, 13).
                        var pending = controls
                        repeat {
                            let shift = UInt64(pending.trailingZeroBitCount &- 7)
                            let byte = UInt8(truncatingIfNeeded: word &>> shift)
                            if (0x2600 as UInt32) &>> UInt32(byte) & 1 == 0 {
                                return (UInt32(byte), offset + Int(shift / 8))
                            }
                            pending &= pending &- 1
                        } while pending != 0
                        offset += 8
                        continue
                    }
                }
                let end = min(offset + 8, bytes.count)
                while offset < end {
                    let byte = bytes[offset]
                    if byte == 0xEF {
                        if offset + 2 < bytes.count && bytes[offset + 1] == 0xBF && bytes[offset + 2] >= 0xBE {
                            return (0xFFFE + UInt32(bytes[offset + 2] - 0xBE), offset)
                        }
                    } else if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                        return (UInt32(byte), offset)
                    }
                    offset += 1
                }
            }
            return nil
        }
    }

    /// `text` with every scalar XML 1.0 cannot carry replaced by U+FFFD, for attribute values
    /// such as file names (never for the document text, whose offsets must not move).
    public static func replacingDisallowed(_ text: String) -> String {
        guard firstDisallowed(in: text) != nil else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isAllowed(scalar.value) ? scalar : "\u{FFFD}") }
        return String(result)
    }
}

extension AnnotatedDocument {
    /// A copy that XML 1.0 can carry: every character it cannot (NUL and other C0 controls but
    /// tab, LF and CR; U+FFFE; U+FFFF) becomes U+FFFD, and every span moves with the text.
    ///
    /// Each replaced character and U+FFFD are one code point and one UTF-16 unit alike, so every
    /// offset an export writes in those units is the offset in the original text. The count goes
    /// to ``SourceText/Replacements/nonXMLCharacters``, and ``SourceText/sha256`` stays that of
    /// the original. Returns `self` when there is nothing to replace.
    /// - Complexity: O(n + a log r) for n bytes, a annotations and r replacements.
    public func replacingNonXMLCharacters() -> AnnotatedDocument {
        guard XMLCharacters.firstDisallowed(in: source.text) != nil else { return self }
        var positions: [Int] = []  // UTF-8 offsets of replaced characters
        var growth: [Int] = []  // bytes added up to and including each replacement
        var added = 0
        var offset = 0
        var text = String.UnicodeScalarView()
        for scalar in source.text.unicodeScalars {
            let width = UTF8.width(scalar)
            if XMLCharacters.isAllowed(scalar.value) {
                text.append(scalar)
            } else {
                text.append("\u{FFFD}")
                added += 3 - width
                positions.append(offset)
                growth.append(added)
            }
            offset += width
        }
        func move(_ byte: Int) -> Int {
            var low = 0
            var high = positions.count
            while low < high {
                let mid = (low + high) / 2
                if positions[mid] < byte { low = mid + 1 } else { high = mid }
            }
            return byte + (low == 0 ? 0 : growth[low - 1])
        }
        func move(_ span: Span) -> Span { Span(start: move(span.start), end: move(span.end)) }
        var copy = self
        let originalSHA256 = source.sha256
        copy.source.text = String(text)
        copy.source.replacements.nonXMLCharacters += positions.count
        copy.source.replacements.originalSHA256 = originalSHA256
        copy.sentences = sentences.map { Sentence(span: move($0.span)) }
        copy.mentions = mentions.map { mention in
            var mention = mention
            mention.span = move(mention.span)
            return mention
        }
        copy.quotes = quotes.map { quote in
            var quote = quote
            quote.span = move(quote.span)
            quote.attribution = quote.attribution.map(move)
            return quote
        }
        copy.stances = stances.map { stance in
            var stance = stance
            stance.cue = move(stance.cue)
            return stance
        }
        copy.warnings = warnings.map { warning in
            var warning = warning
            warning.span = move(warning.span)
            return warning
        }
        return copy
    }
}
