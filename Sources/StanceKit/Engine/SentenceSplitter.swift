/// Splits text into sentences by rule, without a model.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when
/// whitespace and then something other than a lower-case letter follow; and always at a blank
/// line. A period does not end a sentence after a known abbreviation ("Mr.", "Gov.", "Sen."),
/// after a dotted abbreviation ("U.S.", "a.m.") or after a single-letter initial ("J."), unless
/// a line break follows the dotted abbreviation or initial.
enum SentenceSplitter {
    /// Abbreviations (without their period) that do not end a sentence.
    static let abbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gov", "Sen", "Rep", "Reps", "Sens", "Gen", "Lt", "Col", "Maj", "Capt",
        "Sgt", "Cpl", "Adm", "Cmdr", "Cdr", "Gens", "Rev", "Hon", "Pres", "Supt", "Insp", "Atty", "Amb", "Fr", "St",
        "Ste", "Mt", "Ft", "Ave", "Blvd", "Rd", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros", "Dept", "Univ", "Assn",
        "No", "Nos", "vs", "etc", "approx", "est", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
        "Oct", "Nov", "Dec", "Calif", "Mass", "Penn", "Conn", "Wash", "Ill", "Fla", "Ga", "Ariz", "Colo", "Mich",
        "Minn", "Okla", "Tenn", "Tex", "Va", "Wis", "Md", "Ky", "La", "Miss", "Mo", "Neb", "Nev", "Ore", "Del",
    ]

    /// Sentences of a text, tokenized first (see ``split(_:in:ranges:)``).
    static func sentences(in bytes: UnsafeBufferPointer<UInt8>) -> [Sentence] {
        let tokens = Tokenizer.tokenize(bytes)
        var ranges: [Range<Int>] = []
        return withExtendedLifetime(tokens) { split(tokens, in: bytes, ranges: &ranges) }
    }

    /// Sentences over the tokens of `bytes`, with the range of tokens each holds in `ranges`
    /// (every token is in exactly one): a pass over the list's ``TokenList/breaks`` (punctuation
    /// and tokens after a blank line), which passes over the words between them at once, looking
    /// at bytes only around terminators.
    /// - Parameter ranges: an empty array, whose memory is reused, for the sentences' token ranges.
    /// - Complexity: O(b) in breaks (a token in seven in Reuters), plus the length of the word
    ///   before each period.
    static func split(
        _ list: TokenList, in bytes: UnsafeBufferPointer<UInt8>, ranges: inout [Range<Int>]
    ) -> [Sentence] {
        let tokens = list.buffer
        let breaks = list.breaks
        /// The first of `breaks` not before `t`.
        var b = 0
        let count = tokens.count
        // Room for a sentence every 16 tokens at once, instead of doubling from one.
        var sentences: [Sentence] = []
        sentences.reserveCapacity(count / 16 + 1)
        ranges.reserveCapacity(count / 16 + 1)
        var start = -1
        /// The first token of the sentence that `start` begins.
        var startToken = 0
        var lastContentEnd = 0
        /// The index after the token that ends at `lastContentEnd`.
        var lastContentToken = 0
        var t = 0
        /// Read once here: a global read in the loop costs a `swift_once` call each time.
        let abbreviationTable = SentenceSplitter.abbreviationTable

        func close(at end: Int) {
            if start >= 0 && end > start {
                sentences.append(Sentence(span: Span(start: start, end: end)))
                ranges.append(startToken..<lastContentToken)
            }
            start = -1
        }

        while t < count {
            if start >= 0 {
                // Words that open no paragraph decide nothing: go on to the next break.
                while b < breaks.count && Int(breaks[b]) < t { b += 1 }
                let k = b < breaks.count ? Int(breaks[b]) : count
                if k > t {
                    lastContentEnd = Int(tokens[k - 1].end)
                    lastContentToken = k
                    t = k
                    continue
                }
            }
            let token = tokens[t]
            if token.blankLineBefore && start >= 0 { close(at: lastContentEnd) }
            if start < 0 {
                start = Int(token.start)
                startToken = t
            }
            lastContentEnd = Int(token.end)
            t += 1
            lastContentToken = t
            guard !token.isWord, let terminator = terminatorOf(token, bytes) else { continue }
            // Swallow further terminators and closing quotes or brackets that touch it.
            while t < count && !tokens[t].spaceBefore && !tokens[t].isWord
                && (terminatorOf(tokens[t], bytes) != nil || isCloser(tokens[t], bytes))
            {
                lastContentEnd = Int(tokens[t].end)
                t += 1
                lastContentToken = t
            }
            // Whitespace must follow, then something that is not a lower-case letter.
            var sawNewline = false
            if t < count {
                let next = tokens[t]
                if !next.spaceBefore { continue }
                sawNewline = next.lineBreakBefore
                if isLowercase(Tokenizer.decode(bytes, at: Int(next.start)).0) { continue }
            }
            if terminator == "." {
                let periodAt = lastPeriod(bytes, before: lastContentEnd)
                let kind = abbreviationTable.withUnsafeBufferPointer {
                    periodKind(bytes, periodAt: periodAt, abbreviations: $0)
                }
                switch kind {
                case .abbreviation: continue
                case .initialOrDotted where !sawNewline: continue
                default: break
                }
            }
            close(at: lastContentEnd)
        }
        close(at: lastContentEnd)
        return sentences
    }

    /// The terminator a punctuation token is (`.`, `!`, `?` or `…`), or `nil`.
    @inline(__always)
    static func terminatorOf(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        let first = bytes[Int(token.start)]
        switch first {
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): return Unicode.Scalar(first)
        case 0xE2
        where token.end - token.start == 3 && bytes[Int(token.start) + 1] == 0x80
            && bytes[Int(token.start) + 2] == 0xA6:
            return "\u{2026}"
        default: return nil
        }
    }

    private static func isCloser(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch Tokenizer.decode(bytes, at: Int(token.start)).0 {
        case "\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{00BB}": return true
        default: return false
        }
    }

    /// ``abbreviations`` packed as little-endian words (see ``VocabularyTable/load(_:_:_:)``) in
    /// a table of 256 slots (0 marks an empty one), each placed at its ``slot(of:)`` or after it.
    private static let abbreviationTable: [UInt64] = {
        // At most half full, so that a probe (here and in ``isAbbreviation(_:in:)``) ends soon.
        precondition(abbreviations.count <= 128, "the abbreviation table has 256 slots")
        var table = [UInt64](repeating: 0, count: 256)
        for word in abbreviations {
            let packed = Array(word.utf8).withUnsafeBufferPointer { VocabularyTable.load($0, 0, $0.count) }
            var slot = SentenceSplitter.slot(of: packed)
            while table[slot] != 0 { slot = (slot + 1) & 255 }
            table[slot] = packed
        }
        return table
    }()
    /// "No" and "Nos", packed.
    private static let packedNo: UInt64 = 0x6F4E
    private static let packedNos: UInt64 = 0x73_6F4E

    @inline(__always)
    private static func slot(of packed: UInt64) -> Int {
        Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Whether a packed word (not 0) is one of the ``abbreviations``: a probe of
    /// ``abbreviationTable`` (given, so that the global is read once a document), about one
    /// slot on average.
    @inline(__always)
    private static func isAbbreviation(_ packed: UInt64, in table: UnsafeBufferPointer<UInt64>) -> Bool {
        var slot = SentenceSplitter.slot(of: packed)
        while true {
            let entry = table[slot]
            if entry == packed { return true }
            if entry == 0 { return false }
            slot = (slot + 1) & 255
        }
    }

    private enum PeriodKind { case ordinary, abbreviation, initialOrDotted }

    private static func lastPeriod(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var k = end - 1
        while k > 0 && bytes[k] != UInt8(ascii: ".") { k -= 1 }
        return k
    }

    /// What the word before a period at `periodAt` makes of it.
    private static func periodKind(
        _ bytes: UnsafeBufferPointer<UInt8>, periodAt: Int, abbreviations table: UnsafeBufferPointer<UInt64>
    ) -> PeriodKind {
        var wordStart = periodAt
        while wordStart > 0 {
            let b = bytes[wordStart - 1]
            let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            guard isLetter else { break }
            wordStart -= 1
        }
        let length = periodAt - wordStart
        if length == 0 { return .ordinary }
        // Every abbreviation has at most 8 letters: compare them packed in a word.
        let word = length <= 8 ? VocabularyTable.load(bytes, wordStart, length) : 0
        if word == SentenceSplitter.packedNo || word == SentenceSplitter.packedNos {
            // "No. 5" abbreviates "number"; "No." before anything else is the word no.
            var k = periodAt + 1
            while k < bytes.count && bytes[k] == UInt8(ascii: " ") { k += 1 }
            return k < bytes.count && bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9")
                ? .abbreviation : .ordinary
        }
        if length <= 8 && SentenceSplitter.isAbbreviation(word, in: table) { return .abbreviation }
        // "U.S." or "a.m.": a letter preceded by a period.
        if length == 1 { return .initialOrDotted }
        if wordStart > 0 && bytes[wordStart - 1] == UInt8(ascii: ".") { return .initialOrDotted }
        return .ordinary
    }

    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x61 && scalar.value <= 0x7A }
        return scalar.properties.isLowercase
    }

}
