import Foundation
import StanceKit
import Testing

/// The brat writer: the gold files survive a parse and a re-serialization byte for byte, and what
/// StanceKit writes parses back with every text equal to the text it points at (code points).
@Suite struct BratWriterTests {
    static let goldFiles = ["000_32f255f26210cf97", "003_1aeea6fb13d367bb"]

    @Test(arguments: goldFiles)
    func goldRoundTripsByteForByte(_ name: String) throws {
        let original = String(decoding: Project.bytes("Tests/Fixtures/gold/\(name).ann"), as: UTF8.self)
        #expect(!original.isEmpty)
        let parsed = try BratAnnotations(parsing: original)
        #expect(!parsed.textBounds.isEmpty && !parsed.events.isEmpty && !parsed.normalizations.isEmpty)
        #expect(parsed.serialized() == original)
        #expect(try BratAnnotations(parsing: parsed.serialized()) == parsed)
    }

    @Test(arguments: ExportInput.all)
    func ourAnnotationsParseBackToTheirSurfaces(_ input: ExportInput) throws {
        let document = try input.annotate()
        let source = document.source
        let written = BratAnnotations(document: document).serialized()
        let parsed = try BratAnnotations(parsing: written)
        #expect(parsed.serialized() == written)

        let cues = Set(document.stances.map(\.cue))
        #expect(parsed.textBounds.count == document.mentions.count + cues.count + document.quotes.count)
        #expect(parsed.events.count == document.stances.count)
        #expect(parsed.normalizations.count == document.mentions.filter { $0.entity != nil }.count)

        let text = source.text
        var expected: [String: Int] = [:]
        for mention in document.mentions { expected[source.surface(mention.span), default: 0] += 1 }
        for cue in cues { expected[source.surface(cue), default: 0] += 1 }
        for quote in document.quotes { expected[source.surface(quote.span), default: 0] += 1 }
        var found: [String: Int] = [:]
        for bound in parsed.textBounds {
            let pieces = bound.fragments.map { slice(text, $0.lowerBound, $0.upperBound, unit: .codepoint) ?? "?" }
            #expect(pieces.joined(separator: " ") == bound.text, "\(bound.id)")
            let whole = try #require(
                slice(text, bound.fragments.first!.lowerBound, bound.fragments.last!.upperBound, unit: .codepoint))
            found[whole, default: 0] += 1
        }
        #expect(found == expected, "every mention, cue and quote, with its surface")

        for event in parsed.events {
            let trigger = try #require(parsed.textBounds.first { $0.id == event.trigger })
            #expect(trigger.type == "StanceCue")
            #expect(event.arguments.map(\.role) == ["Holder", "Target"])
            #expect(parsed.attribute("Polarity", of: event.id) != nil)
        }
    }

    /// A hand-made document covering every kind of line: a name across a CRLF line break, an
    /// ambiguous mention, a quote with its speaker, a pronoun holder and a negated stance.
    @Test func writesTheGoldConventionExactly() throws {
        let text = "\u{FEFF}\"Bush never rejected 😀 Foreign\r\nMinister Lavrov,\" he said."
        let source = SourceText(id: "x", path: "x.txt", text: text)
        func span(_ surface: String, after: Int = 0) -> Span {
            let bytes = Array(text.utf8)
            let needle = Array(surface.utf8)
            let start = (after...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle }!
            return Span(start: start, end: start + needle.count)
        }
        let bush = Mention(
            span: span("Bush"), type: "PERSON", entity: nil, candidates: ["george-bush", "jeb-bush"], kind: .name,
            rule: RuleReference(id: "bush", variant: "family", line: 20))
        let lavrov = Mention(
            span: span("Foreign\r\nMinister Lavrov"), type: "PERSON", entity: "lavrov", kind: .name,
            rule: RuleReference(id: "lavrov", variant: "title+family", line: 33))
        let he = Mention(
            span: span("he"), type: "PERSON", entity: "lavrov", kind: .pronoun,
            rule: RuleReference(id: "lavrov", variant: "pronoun", line: 0))
        let quote = Quote(
            span: Span(start: span("Bush").start, end: span(",\"").start), kind: .direct, speaker: 2,
            attribution: span("said"))
        let stance = Stance(
            holder: 2, target: 1, polarity: .favor, cue: span("rejected"), negated: true,
            rule: RuleReference(id: "reject", variant: "word", line: 132), holderSource: .speaker,
            targetSource: .object, quote: 0)
        let document = AnnotatedDocument(
            source: source, sentences: [], mentions: [bush, lavrov, he], quotes: [quote], stances: [stance])

        // Code points: BOM 0, quote 1, "Bush" 2-6, "rejected" 13-21, emoji 22, "Foreign" 24-31,
        // CR LF 31-33, "Minister Lavrov" 33-48, "he" 51-53.
        #expect(
            BratAnnotations(document: document).serialized() == """
                T1\tQuote 2 31;33 48\tBush never rejected 😀 Foreign Minister Lavrov
                A1\tQuoteKind T1 direct
                T2\tPERSON 2 6\tBush
                T3\tStanceCue 13 21\trejected
                T4\tPERSON 24 31;33 48\tForeign Minister Lavrov
                N1\tReference T4 rules:lavrov\tlavrov
                T5\tPERSON 51 53\the
                N2\tReference T5 rules:lavrov\tlavrov
                A2\tMentionKind T5 pronoun
                E1\tStanceCue:T3 Holder:T5 Target:T4
                A3\tPolarity E1 favor
                A4\tNegated E1
                R1\tSpeaker Arg1:T1 Arg2:T5
                #1\tAnnotatorNotes T2\tambiguous: george-bush jeb-bush; rule bush:family, line 20
                #2\tAnnotatorNotes T4\trule lavrov:title+family, line 33
                #3\tAnnotatorNotes T5\trule lavrov:pronoun
                #4\tAnnotatorNotes E1\trule reject:word, line 132

                """)
    }

    @Test func configurationDeclaresEveryTypeWritten() throws {
        let configuration = BratAnnotations.configuration(mentionTypes: ["PERSON", "TOPIC", "GPE", "PERSON"])
        let entities = configuration.components(separatedBy: "[entities]\n")[1].components(separatedBy: "\n\n")[0]
        #expect(entities == "GPE\nPERSON\nTOPIC\nQuote")
        for line in [
            "StanceCue\tHolder:<ENTITY>, Target:<ENTITY>", "Speaker\tArg1:Quote, Arg2:<ENTITY>",
            "Polarity\tArg:<EVENT>, Value:favor|against", "Negated\tArg:<EVENT>",
            "MentionKind\tArg:<ENTITY>, Value:descriptor|pronoun", "QuoteKind\tArg:Quote, Value:direct|indirect",
        ] {
            #expect(configuration.contains("\n\(line)\n"), "\(line)")
        }
    }
}
