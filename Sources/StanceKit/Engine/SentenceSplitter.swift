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

    /// - Complexity: O(n) in bytes.
    static func sentences(in bytes: UnsafeBufferPointer<UInt8>) -> [Sentence] {
        var sentences: [Sentence] = []
        let count = bytes.count
        var start = -1
        var lastContentEnd = 0
        var i = 0

        func close(at end: Int) {
            if start >= 0 && end > start { sentences.append(Sentence(span: Span(start: start, end: end))) }
            start = -1
        }

        while i < count {
            // Fast path: ASCII that is neither space nor a terminator only extends the sentence.
            let byte = bytes[i]
            if byte < 0x80 && byte > 0x20 && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "!")
                && byte != UInt8(ascii: "?")
            {
                if start < 0 { start = i }
                i += 1
                lastContentEnd = i
                continue
            }
            let (scalar, width) = Tokenizer.decode(bytes, at: i)
            let isSpace = isWhitespace(scalar)
            if isSpace {
                if scalar == "\n" && start >= 0 && blankLineFollows(bytes, after: i) {
                    close(at: lastContentEnd)
                }
                i += width
                continue
            }
            if start < 0 { start = i }
            i += width
            lastContentEnd = i
            guard scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}" else { continue }
            // Swallow further terminators and closing quotes or brackets.
            while i < count {
                let (next, nextWidth) = Tokenizer.decode(bytes, at: i)
                guard isTerminator(next) || isCloser(next) else { break }
                i += nextWidth
                lastContentEnd = i
            }
            // Whitespace must follow, then something that is not a lower-case letter.
            var k = i
            var sawNewline = false
            while k < count {
                let (next, nextWidth) = Tokenizer.decode(bytes, at: k)
                guard isWhitespace(next) else { break }
                if next == "\n" || next == "\r" { sawNewline = true }
                k += nextWidth
            }
            if k == i && k < count { continue }
            if k < count {
                let (next, _) = Tokenizer.decode(bytes, at: k)
                if isLowercase(next) { continue }
            }
            if scalar == "." {
                switch periodKind(bytes, periodAt: lastPeriod(bytes, before: i)) {
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

    private enum PeriodKind { case ordinary, abbreviation, initialOrDotted }

    private static func lastPeriod(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var k = end - 1
        while k > 0 && bytes[k] != UInt8(ascii: ".") { k -= 1 }
        return k
    }

    /// What the word before a period at `periodAt` makes of it.
    private static func periodKind(_ bytes: UnsafeBufferPointer<UInt8>, periodAt: Int) -> PeriodKind {
        var wordStart = periodAt
        while wordStart > 0 {
            let b = bytes[wordStart - 1]
            let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            guard isLetter else { break }
            wordStart -= 1
        }
        let length = periodAt - wordStart
        if length == 0 { return .ordinary }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[wordStart..<periodAt]), as: UTF8.self)
        if word == "No" || word == "Nos" {
            // "No. 5" abbreviates "number"; "No." before anything else is the word no.
            var k = periodAt + 1
            while k < bytes.count && bytes[k] == UInt8(ascii: " ") { k += 1 }
            return k < bytes.count && bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9")
                ? .abbreviation : .ordinary
        }
        if abbreviations.contains(word) { return .abbreviation }
        // "U.S." or "a.m.": a letter preceded by a period.
        if length == 1 { return .initialOrDotted }
        if wordStart > 0 && bytes[wordStart - 1] == UInt8(ascii: ".") { return .initialOrDotted }
        return .ordinary
    }

    private static func blankLineFollows(_ bytes: UnsafeBufferPointer<UInt8>, after newline: Int) -> Bool {
        var k = newline + 1
        while k < bytes.count {
            switch bytes[k] {
            case UInt8(ascii: "\n"): return true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): k += 1
            default: return false
            }
        }
        return false
    }

    /// Whitespace, with an ASCII fast path (Unicode properties cost a table look-up each).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 0x0B
                || scalar.value == 0x0C
        }
        return scalar.properties.isWhitespace || scalar == "\u{FEFF}"
    }

    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x61 && scalar.value <= 0x7A }
        return scalar.properties.isLowercase
    }

    private static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}"
    }

    private static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{00BB}": return true
        default: return false
        }
    }
}
