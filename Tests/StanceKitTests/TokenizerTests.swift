import Testing

@testable import StanceKit

/// The tokenizer classifies ASCII words eight bytes at a time; these tests hold it to a
/// scalar-by-scalar reading of the same rules, on words of every length around the 8-byte steps
/// and with non-ASCII letters, marks, digits, spaces and symbols at every position.
@Suite struct TokenizerTests {
    /// Pieces the random texts are made of, each with its class: word, space or punctuation.
    static let pieces: [(text: String, kind: Kind)] = [
        ("a", .word), ("Z", .word), ("0", .word), ("9", .word), ("q7", .word), ("\u{E9}", .word),
        ("\u{DF}", .word), ("\u{65E5}", .word), ("\u{0301}", .word), ("\u{0663}", .word),
        (" ", .space), ("\n", .space), ("\r\n", .space), ("\t", .space), ("\u{A0}", .space),
        ("\u{2009}", .space), (".", .punctuation), ("'", .punctuation), ("\u{2019}", .punctuation),
        ("\u{2014}", .punctuation), ("\u{1F600}", .punctuation), ("@", .punctuation), ("[", .punctuation),
        ("`", .punctuation), ("{", .punctuation), ("/", .punctuation), (":", .punctuation), ("_", .punctuation),
    ]

    enum Kind { case word, space, punctuation }

    /// Token spans by the rules, one scalar at a time: a run of word scalars is one token, every
    /// punctuation scalar is one, spaces are none.
    static func reference(_ parts: [(text: String, kind: Kind)]) -> [Span] {
        var spans: [Span] = []
        var offset = 0
        var wordStart: Int?
        for part in parts {
            let width = part.text.utf8.count
            if part.kind == .word {
                if wordStart == nil { wordStart = offset }
            } else {
                if let start = wordStart { spans.append(Span(start: start, end: offset)) }
                wordStart = nil
                if part.kind == .punctuation { spans.append(Span(start: offset, end: offset + width)) }
            }
            offset += width
        }
        if let start = wordStart { spans.append(Span(start: start, end: offset)) }
        return spans
    }

    @Test func asciiWordsOfEveryLengthAroundEightByteSteps() {
        for length in 1...40 {
            for lead in 0..<9 {
                for stop in [" ", ".", "\u{E9}x", "\u{2019}", ""] {
                    let word = String((0..<length).map { Array("aZ09bY8x")[$0 % 8] })
                    let text = String(repeating: " ", count: lead) + word + stop + " tail"
                    let parts: [(String, Kind)] =
                        Array(repeating: (" ", .space), count: lead) + [(word, .word)]
                        + (stop == "\u{E9}x"
                            ? [("\u{E9}x", .word)]
                            : stop.isEmpty ? [] : [(stop, stop == " " ? .space : .punctuation)])
                        + [(" ", .space), ("tail", .word)]
                    #expect(tokenSpans(of: text) == TokenizerTests.reference(parts), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func randomTextsMatchTheScalarReading() {
        var random = SplitMix(seed: 20_261_121)
        for _ in 0..<3_000 {
            var parts: [(text: String, kind: Kind)] = []
            for _ in 0..<Int(random.next() % 40) {
                var piece = random.pick(TokenizerTests.pieces)
                // Long ASCII runs, to cross the 8-byte steps inside a word.
                if random.next() % 4 == 0 && piece.text == "a" {
                    piece.text = String(repeating: "ab", count: Int(random.next() % 12))
                    if piece.text.isEmpty { continue }
                }
                parts.append(piece)
            }
            let text = parts.map(\.text).joined()
            #expect(tokenSpans(of: text) == TokenizerTests.reference(parts), "\(text.debugDescription)")
        }
    }

    /// Pieces for the full-token test: ASCII words of every length to 20 (around the 8- and
    /// 16-byte steps), some of them vocabulary keys; every kind of whitespace the flags tell
    /// apart; non-ASCII letters, marks, spaces and symbols; typographic punctuation.
    static let tokenPieces: [String] = [
        " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\t", "\u{0B}", "\u{0C}", "\n \t\r\n",
        "\u{FEFF}", "\u{A0}", "\u{2009}", ".", ",", "'", "\"", "-", "\u{2019}", "\u{201C}", "\u{2010}", "\u{2014}",
        "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{E9}", "e\u{301}", "\u{65E5}\u{672C}", "\u{0663}", "\u{0}", "\u{7F}",
        "_", "@", "[", "`", "{",
    ]
    static let keys = [
        "ab", "abab", "abababab", "ababababa", "aZ09bY8x", "aZ09bY8xa", ".", "'", "\"", "-", "\u{E9}", "e\u{301}x",
        "\u{65E5}\u{672C}", "\u{1F600}", "q",
    ]

    /// The tokens of `bytes` by the rules, one scalar at a time: classes by
    /// ``Tokenizer/classOf(_:)`` (non-ASCII) and the ASCII tables, flags by the whitespace
    /// between tokens, ids by a dictionary of the keys.
    static func referenceTokens(_ bytes: [UInt8], ids: [[UInt8]: Int32]) -> [Token] {
        var tokens: [Token] = []
        var pending: UInt8 = 0
        var pendingLF = false
        var wordStart: Int?
        var wordFlags: UInt8 = 0
        var i = 0
        func finishWord(at end: Int) {
            guard let start = wordStart else { return }
            let id = ids[Array(bytes[start..<end])] ?? -1
            tokens.append(Token(start: Int32(start), end: Int32(end), id: id, flags: wordFlags | Token.wordFlag))
            wordStart = nil
        }
        while i < bytes.count {
            let (scalar, width) = bytes.withUnsafeBufferPointer { Tokenizer.decode($0, at: i) }
            let kind: UInt8
            if scalar.value < 0x80 {
                let byte = UInt8(scalar.value)
                let isAlnum =
                    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                kind = isAlnum ? 1 : [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains(byte) ? 2 : 0
            } else {
                kind = Tokenizer.classOf(scalar)
            }
            if kind == 1 {
                if wordStart == nil {
                    wordStart = i
                    wordFlags = pending
                    pending = 0
                    pendingLF = false
                }
                i += width
                continue
            }
            finishWord(at: i)
            if kind == 2 {
                pending |= Token.spaceFlag
                switch scalar.value {
                case 0x0A:
                    pending |= pendingLF ? Token.lineBreakFlag | Token.blankLineFlag : Token.lineBreakFlag
                    pendingLF = true
                case 0x0D: pending |= Token.lineBreakFlag
                case 0x09, 0x20: break
                default: pendingLF = false
                }
            } else {
                let key = Tokenizer.canonicalPunctuation(scalar).map { [$0] } ?? Array(bytes[i..<i + width])
                tokens.append(Token(start: Int32(i), end: Int32(i + width), id: ids[key] ?? -1, flags: pending))
                pending = 0
                pendingLF = false
            }
            i += width
        }
        finishWord(at: bytes.count)
        return tokens
    }

    @Test func randomTextsGiveTheReferenceTokensFlagsAndIDs() {
        var builder = VocabularyBuilder()
        var ids: [[UInt8]: Int32] = [:]
        for key in TokenizerTests.keys { ids[Array(key.utf8)] = builder.intern(Array(key.utf8)) }
        let vocabulary = Vocabulary(builder)
        var random = SplitMix(seed: 20_261_122)
        for round in 0..<4_000 {
            var text = round % 7 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<Int(random.next() % 48) {
                switch random.next() % 5 {
                case 0: text += random.pick(TokenizerTests.keys)
                case 1:
                    let length = 1 + Int(random.next() % 20)
                    text += String((0..<length).map { _ in random.pick(Array("aZ09bY8xq")) })
                default: text += random.pick(TokenizerTests.tokenPieces)
                }
            }
            let bytes = Array(text.utf8)
            let expected = TokenizerTests.referenceTokens(bytes, ids: ids)
            let (tokens, known) = bytes.withUnsafeBufferPointer { buffer in
                let list = Tokenizer.tokenize(buffer, vocabulary: vocabulary)
                return withExtendedLifetime(list) { (Array(list.buffer), Array(list.known)) }
            }
            let fields = { (tokens: [Token]) in tokens.map { [$0.start, $0.end, $0.id, Int32($0.flags)] } }
            #expect(fields(tokens) == fields(expected), "\(text.debugDescription)")
            #expect(
                known == expected.indices.filter { expected[$0].id >= 0 }.map(Int32.init), "\(text.debugDescription)")
            let withoutVocabulary = bytes.withUnsafeBufferPointer { buffer in
                let list = Tokenizer.tokenize(buffer)
                return withExtendedLifetime(list) { Array(list.buffer) }
            }
            #expect(fields(withoutVocabulary) == fields(expected).map { [$0[0], $0[1], -1, $0[3]] })
        }
    }

    /// With compiled rules, the known list holds the tokens a pass starts at: the first tokens of
    /// forms, and the quotation mark the quote pass looks for; a token that only goes on a match
    /// keeps its id but is not listed.
    @Test func theKnownListHoldsOnlyWhereAPassStarts() {
        let rules = Project.compile(
            """
            version: 1
            entities:
              - {id: ny, type: GPE, name: New York}
            stance:
              cues:
                - {id: back, polarity: favor, words: [backed], inflect: false}
            """)
        let bytes = Array("York backed \"New York\" and York".utf8)
        let (tokens, known) = bytes.withUnsafeBufferPointer { buffer in
            let list = Tokenizer.tokenize(buffer, vocabulary: rules.vocabulary)
            return withExtendedLifetime(list) { (Array(list.buffer), Array(list.known)) }
        }
        let words = tokens.map { String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        #expect(words == ["York", "backed", "\"", "New", "York", "\"", "and", "York"])
        #expect(tokens[0].id >= 0 && tokens[0].id == tokens[4].id && tokens[6].id == -1)
        #expect(known == [1, 2, 3, 5])
        #expect(rules.annotate("York backed \"New York\" and York").found == ["New York=ny"])
    }

    /// The breaks the sentence splitter visits: every token that is no word, and every word
    /// after a blank line (two LFs with only spaces, tabs or CRs between), whichever path of the
    /// tokenizer made it (a short ASCII word, a long one, a non-ASCII one).
    @Test func theBreaksAreNonWordsAndParagraphStarts() {
        let text = "A b.\n\nC d, e\n \r\nf \u{201C}g\u{201D}\n\nextraordinarily long\n\t\n\u{C9}t\u{E9}! \u{1F600}"
        let bytes = Array(text.utf8)
        let (tokens, breaks) = bytes.withUnsafeBufferPointer { buffer in
            let list = Tokenizer.tokenize(buffer)
            return withExtendedLifetime(list) { (Array(list.buffer), Array(list.breaks)) }
        }
        let words = tokens.map { String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        #expect(
            words == [
                "A", "b", ".", "C", "d", ",", "e", "f", "\u{201C}", "g", "\u{201D}", "extraordinarily", "long",
                "\u{C9}t\u{E9}", "!", "\u{1F600}",
            ])
        // In order, perhaps twice.
        #expect(zip(breaks, breaks.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(breaks).sorted() == [2, 3, 5, 7, 8, 10, 11, 13, 14, 15])
        // The same as testing each token.
        let expected = tokens.indices.filter { !tokens[$0].isWord || tokens[$0].blankLineBefore }
        #expect(Set(breaks).sorted() == expected.map(Int32.init))
    }
}
