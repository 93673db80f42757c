import StanceKit
import Testing

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
}
